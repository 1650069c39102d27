/**
 * Vocabularies of the corpus generator, written for it and for nothing else: the detectors must
 * never read these lists (a detector that knew them would be scored on its own training data).
 * Per locale: given names, family names, streets, cities with postcodes, words of free text.
 */
export type Locale = 'en-US' | 'en-GB' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pl' | 'pt-BR' | 'en-IN';

export const LOCALES: readonly Locale[] = ['en-US', 'en-GB', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt-BR', 'en-IN'];

/** ISO 3166 region of each locale (for phones, IBANs and the `country` field). */
export const REGION: Readonly<Record<Locale, string>> = {
  'en-US': 'US',
  'en-GB': 'GB',
  de: 'DE',
  fr: 'FR',
  es: 'ES',
  it: 'IT',
  nl: 'NL',
  pl: 'PL',
  'pt-BR': 'BR',
  'en-IN': 'IN',
};

export const GIVEN: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': ['Brittany', 'Tyrone', 'Kayla', 'Dwight', 'Shonda', 'Garrett', 'Madison', 'Clayton', 'Latoya', 'Brandon', 'Courtney', 'Desmond', 'Whitney', 'Travis'],
  'en-GB': ['Alistair', 'Gemma', 'Rhys', 'Siobhan', 'Callum', 'Fiona', 'Nigel', 'Imogen', 'Declan', 'Harriet', 'Lachlan', 'Bethany', 'Crispin', 'Niamh'],
  de: ['Jürgen', 'Annegret', 'Volker', 'Heike', 'Torsten', 'Sabine', 'Reinhold', 'Gudrun', 'Sönke', 'Wiebke', 'Dietmar', 'Ulrike', 'Björn', 'Friederike'],
  fr: ['Étienne', 'Ségolène', 'Gaëtan', 'Maëlys', 'Thibault', 'Clémence', 'Benoît', 'Solène', 'Aurélien', 'Gwendoline', 'Hervé', 'Anaïs', 'Jérôme', 'Océane'],
  es: ['Itziar', 'Íñigo', 'Begoña', 'Joaquín', 'Montserrat', 'Ramón', 'Nerea', 'Gonzalo', 'Almudena', 'Ignacio', 'Ainhoa', 'Rodrigo', 'Consuelo', 'Sebastián'],
  it: ['Gianluca', 'Ludovica', 'Pierpaolo', 'Benedetta', 'Raffaele', 'Graziella', 'Ottavio', 'Mariangela', 'Leonardo', 'Ornella', 'Tiziano', 'Donatella', 'Corrado', 'Annalisa'],
  nl: ['Joost', 'Marieke', 'Sjoerd', 'Femke', 'Wouter', 'Anouk', 'Gerrit', 'Lieke', 'Maarten', 'Floortje', 'Thijs', 'Sanne', 'Reinier', 'Janneke'],
  pl: ['Grzegorz', 'Małgorzata', 'Wojciech', 'Agnieszka', 'Przemysław', 'Katarzyna', 'Zbigniew', 'Bożena', 'Jarosław', 'Dorota', 'Mirosław', 'Jadwiga', 'Łukasz', 'Zofia'],
  'pt-BR': ['Thiago', 'Luana', 'Gustavo', 'Fernanda', 'Rogério', 'Conceição', 'Wellington', 'Thaís', 'Leandro', 'Jéssica', 'Caetano', 'Graça', 'Vinícius', 'Raimunda'],
  'en-IN': ['Aarav', 'Priyanka', 'Venkatesh', 'Lakshmi', 'Siddharth', 'Ananya', 'Raghav', 'Deepika', 'Harsha', 'Kavitha', 'Nikhil', 'Shreya', 'Prakash', 'Meenakshi'],
};

export const FAMILY: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': ['Whitaker', 'Gallagher', 'McAllister', 'Holloway', 'Pennington', 'Castellano', 'Dunbar', 'Abernathy', 'Kowalczyk', 'Fitzgerald', 'Okonkwo', 'Hendricks', 'Vanderbilt', 'Rutherford'],
  'en-GB': ['Ashworth', 'Blackwood', 'Cartwright', 'Fairbanks', 'Greenhalgh', 'Hargreaves', "O'Sullivan", 'Pemberton', 'Thistlethwaite', 'Underhill', 'Wainwright', 'Yardley', 'Llewellyn', 'Featherstone'],
  de: ['Schwarzkopf', 'Oberländer', 'Kühnert', 'Brandstätter', 'Eichhorn', 'Mühlbauer', 'Lindemann', 'Großmann', 'Wittenberg', 'Hölzl', 'Kaltenbach', 'Pfeiffer', 'Rößler', 'von Aschenbach'],
  fr: ['Lefèvre', 'Duchêne', 'Beauregard', 'Marchetti', 'Delacroix', 'Fontaine', 'Giraudoux', 'Lemaître', 'Rousseau', 'Chevalier', 'Deschamps', 'Vasseur', 'Bérenger', 'de la Roche'],
  es: ['Echeverría', 'Goicoechea', 'Villanueva', 'Santamaría', 'Arrieta', 'Castañeda', 'Olmedo', 'Iturbide', 'Barrientos', 'Zubizarreta', 'Montoya', 'Peñalosa', 'Urquijo', 'del Castillo'],
  it: ['Bevilacqua', 'Santangelo', 'Lombardi', 'Quagliarella', 'Ferraresi', 'Castiglione', 'Mastroianni', 'Pellegrini', 'Bonaventura', 'Zanetti', 'Caruso', 'Scognamiglio', 'Tagliaferri', "D'Alessandro"],
  nl: ['Vermeulen', 'Hoogendoorn', 'Bakhuizen', 'Kuipers', 'Verbeek', 'Schaap', 'Dijkstra', 'Wijnands', 'Brouwer', 'Zwanenburg', 'van der Heijden', 'de Groot', 'Molenaar', 'Terpstra'],
  pl: ['Wiśniewska', 'Przybylski', 'Szczepańska', 'Grabowski', 'Wróblewska', 'Jabłoński', 'Zawadzka', 'Krzyżanowski', 'Michalak', 'Pietrzyk', 'Sobczak', 'Dąbrowska', 'Kieślowski', 'Ostrowska'],
  'pt-BR': ['Nascimento', 'Albuquerque', 'Cavalcanti', 'Figueiredo', 'Magalhães', 'Assunção', 'Bittencourt', 'Conceição', 'Drummond', 'Guimarães', 'Junqueira', 'Vasconcelos', 'Sampaio', 'Brandão'],
  'en-IN': ['Raghunathan', 'Chatterjee', 'Krishnamurthy', 'Venkataraman', 'Bhattacharya', 'Subramanian', 'Deshpande', 'Kulkarni', 'Banerjee', 'Menon', 'Iyengar', 'Chaudhary', 'Nair', 'Sengupta'],
};

export interface StreetStyle {
  /** Street names without the number. */
  streets: readonly string[];
  /** Writes a street line from a street and a number (the locale's order and separators). */
  line: (street: string, num: string, unit: string | undefined) => string;
  /** Units: flats, suites, floors. */
  units: readonly string[];
  cities: ReadonlyArray<readonly [city: string, postcode: string]>;
  /** One-line address from street line, postcode and city. */
  oneLine: (line: string, postcode: string, city: string) => string;
}

export const STREET_STYLES: Readonly<Record<Locale, StreetStyle>> = {
  'en-US': {
    streets: ['Sycamore Lane', 'Ridgecrest Drive', 'Old Mill Road', 'Westbrook Boulevard', 'Cedar Hollow Court', 'Lakeview Terrace', 'N Ashland Ave', 'Magnolia Street', 'Briarwood Parkway', 'Quail Run Circle'],
    line: (s, n, u) => `${n} ${s}${u ? ', ' + u : ''}`,
    units: ['Apt 4C', 'Suite 210', 'Unit 12', '#305', 'Apt. 17B'],
    cities: [['Tulsa, OK', '74103'], ['Spokane, WA', '99201'], ['Dayton, OH', '45402'], ['Fresno, CA', '93721'], ['Savannah, GA', '31401']],
    oneLine: (l, p, c) => `${l}, ${c} ${p}`,
  },
  'en-GB': {
    streets: ['Kingsmead Road', 'Albion Crescent', 'Foxglove Close', 'Wellington Mews', 'Abbey Gardens', 'Tanners Lane', 'Priory Walk', 'Orchard Rise', 'Cromwell Terrace', 'Millbrook Way'],
    line: (s, n, u) => `${u ? u + ', ' : ''}${n} ${s}`,
    units: ['Flat 3', 'Flat 12B', 'Apartment 7', 'Unit 2'],
    cities: [['Leeds', 'LS6 2QT'], ['Bristol', 'BS8 1TH'], ['Norwich', 'NR2 4PD'], ['Swansea', 'SA1 3RB'], ['York', 'YO10 5DD']],
    oneLine: (l, p, c) => `${l}, ${c} ${p}`,
  },
  de: {
    streets: ['Lindenallee', 'Am Mühlbach', 'Kastanienweg', 'Schillerstraße', 'Bahnhofstr.', 'Ringstraße', 'Zur Alten Ziegelei', 'Birkenstraße', 'Marktplatz', 'Fliederweg'],
    line: (s, n, u) => `${s} ${n}${u ? ', ' + u : ''}`,
    units: ['2. OG', 'Whg. 5', 'Hinterhaus', 'App. 14'],
    cities: [['Augsburg', '86150'], ['Kassel', '34117'], ['Rostock', '18055'], ['Freiburg im Breisgau', '79098'], ['Bielefeld', '33602']],
    oneLine: (l, p, c) => `${l}, ${p} ${c}`,
  },
  fr: {
    streets: ['rue des Tanneurs', 'avenue Jean-Jaurès', 'boulevard de la Liberté', 'impasse des Lilas', 'chemin du Moulin', 'place du Marché', 'rue Sainte-Catherine', 'allée des Peupliers', 'quai de la Fosse', 'rue du Four'],
    line: (s, n, u) => `${n}${/^(bis|ter)$/.test(u ?? '') ? ' ' + u : ''} ${s}${u && !/^(bis|ter)$/.test(u) ? ', ' + u : ''}`,
    units: ['bis', 'ter', 'Bât. B', 'Appt 42', '3e étage'],
    cities: [['Nantes', '44000'], ['Rennes', '35000'], ['Grenoble', '38000'], ['Dijon', '21000'], ['Toulon', '83000']],
    oneLine: (l, p, c) => `${l}, ${p} ${c}`,
  },
  es: {
    streets: ['Calle de la Princesa', 'Avenida de Andalucía', 'Paseo de Gracia', 'Calle Mayor', 'Ronda de Segovia', 'Plaza del Pilar', 'Calle Real', 'Avenida del Puerto', 'Travesía de San Mateo', 'Calle Alfonso XII'],
    line: (s, n, u) => `${s}, ${n}${u ? ', ' + u : ''}`,
    units: ['3º B', '1º izda.', 'Bajo A', '5º 2ª', 'Ático'],
    cities: [['Zaragoza', '50001'], ['Valladolid', '47001'], ['Málaga', '29001'], ['Bilbao', '48001'], ['Murcia', '30001']],
    oneLine: (l, p, c) => `${l}, ${p} ${c}`,
  },
  it: {
    streets: ['Via dei Mille', 'Corso Vittorio Emanuele II', 'Piazza Santa Croce', 'Viale delle Rimembranze', 'Via San Gregorio', 'Vicolo del Pozzo', 'Largo Augusto', 'Via Aurelia', 'Via della Spiga', 'Lungarno Corsini'],
    line: (s, n, u) => `${s} ${n}${u ? ', ' + u : ''}`,
    units: ['int. 7', 'scala B', 'piano 3', 'int. 12'],
    cities: [['Bologna', '40121'], ['Verona', '37121'], ['Bari', '70121'], ['Trieste', '34121'], ['Perugia', '06121']],
    oneLine: (l, p, c) => `${l}, ${p} ${c}`,
  },
  nl: {
    streets: ['Herengracht', 'Kerkstraat', 'Oudegracht', 'Molenweg', 'Prinsengracht', 'Dorpsstraat', 'Beukenlaan', 'Vondelstraat', 'Stationsplein', 'Zeedijk'],
    line: (s, n, u) => `${s} ${n}${u ?? ''}`,
    units: ['-II', 'A', '-3hoog', ' bis', 'B'],
    cities: [['Utrecht', '3511 LK'], ['Groningen', '9711 HV'], ['Eindhoven', '5611 EM'], ['Haarlem', '2011 RX'], ['Leiden', '2311 EZ']],
    oneLine: (l, p, c) => `${l}, ${p} ${c}`,
  },
  pl: {
    streets: ['ul. Kwiatowa', 'ul. Marszałkowska', 'al. Jerozolimskie', 'ul. Piotrkowska', 'ul. Długa', 'os. Słoneczne', 'ul. Ogrodowa', 'pl. Grunwaldzki', 'ul. Lipowa', 'ul. Żeromskiego'],
    line: (s, n, u) => `${s} ${n}${u ? '/' + u : ''}`,
    units: ['12', '4', '27', '3A'],
    cities: [['Kraków', '31-042'], ['Wrocław', '50-077'], ['Poznań', '61-772'], ['Gdańsk', '80-831'], ['Łódź', '90-001']],
    oneLine: (l, p, c) => `${l}, ${p} ${c}`,
  },
  'pt-BR': {
    streets: ['Rua das Palmeiras', 'Avenida Paulista', 'Rua Voluntários da Pátria', 'Travessa do Comércio', 'Rua Barão de Itapetininga', 'Alameda Santos', 'Rua XV de Novembro', 'Avenida Atlântica', 'Rua dos Andradas', 'Estrada do Galeão'],
    line: (s, n, u) => `${s}, ${n}${u ? ' - ' + u : ''}`,
    units: ['Apto 45', 'Bloco B, Apto 1203', 'Casa 2', 'Sala 804'],
    cities: [['Curitiba - PR', '80020-310'], ['Recife - PE', '50030-230'], ['Belo Horizonte - MG', '30130-100'], ['Porto Alegre - RS', '90010-150'], ['Salvador - BA', '40020-000']],
    oneLine: (l, p, c) => `${l}, ${c}, ${p}`,
  },
  'en-IN': {
    streets: ['MG Road', 'Nehru Nagar 3rd Cross', 'Residency Road', 'Anna Salai', 'Linking Road', 'Park Street', 'Jubilee Hills Road No. 36', 'Sector 15 Main Road', 'Koramangala 5th Block', 'Civil Lines'],
    line: (s, n, u) => `${u ? u + ', ' : ''}${n}, ${s}`,
    units: ['Flat 402', 'House No. 17', 'Plot 88', 'B-Wing 1103'],
    cities: [['Bengaluru', '560034'], ['Chennai', '600002'], ['Pune', '411001'], ['Hyderabad', '500033'], ['Kolkata', '700016']],
    oneLine: (l, p, c) => `${l}, ${c} ${p}`,
  },
};

/** Given names with a salutation each language uses (for "Dear …", "Sehr geehrte …"). */
export const SALUTATION: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': ['Dear', 'Hi', 'Hello'],
  'en-GB': ['Dear', 'Hello'],
  de: ['Sehr geehrte/r', 'Hallo', 'Liebe/r'],
  fr: ['Bonjour', 'Cher/Chère'],
  es: ['Estimado/a', 'Hola'],
  it: ['Gentile', 'Ciao'],
  nl: ['Beste', 'Geachte'],
  pl: ['Szanowny Panie / Szanowna Pani', 'Dzień dobry,'],
  'pt-BR': ['Prezado(a)', 'Olá'],
  'en-IN': ['Dear', 'Respected'],
};

export const TITLES = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.', 'Herr', 'Frau', 'M.', 'Mme', 'Sr.', 'Sra.', 'Sig.', 'Sig.ra', 'Dhr.', 'Mevr.', 'Pan', 'Pani'];

export const EMAIL_DOMAINS = ['posteo.de', 'orange.fr', 'libero.it', 'gmx.at', 'wp.pl', 'uol.com.br', 'ziggo.nl', 'telefonica.net', 'btinternet.com', 'fastmail.fm', 'icloud.com', 'protonmail.ch', 'rediffmail.com', 'kliniken-nord.example', 'acme-travel.example.com', 'outlook.es'];

/** Clean words: products, organisations and services that look like names but are not persons. */
export const PRODUCTS = ['Trail Runner GTX', 'Espresso Blend No. 5', 'Aurora Desk Lamp', 'Nordic Wool Blanket', 'Premium Lounge Pass', 'Travel Insurance Plus', 'Sapphire Rewards Card', 'Blood Panel Basic', 'Flex Fare Economy', 'Cloud Backup 2TB'];
export const ORGS = ['Bäckerei Sonnenschein GmbH', 'Café Lumière SARL', 'Northwind Traders Ltd', 'Farmácia Central Ltda', 'Hotel Zur Post', 'Clínica San Rafael', 'Ospedale Maggiore', 'Contoso Pharmacy', 'Blue Harbor Coffee', 'Vela Airlines'];
export const SERVICES = ['patient-records', 'booking-engine', 'ledger-writer', 'kyc-gateway', 'ticket-router', 'fare-quote', 'payout-worker', 'notification-hub'];
export const FILES = ['scan_2025-03-14_intake-form.pdf', 'invoice-INV-88213.pdf', 'boarding_pass_LH2034.pkpass', 'statement_2024Q4.csv', 'passport-front.jpg', 'xray_left_wrist.dcm', 'export-20250101.jsonl'];
export const HOSTS = ['ip-10-12-3-41.eu-west-1.compute.internal', 'db-primary.payments.svc.cluster.local', 'api-eu-3.booking.example.net', 'edge-fra-07.cdn.example.org', 'kyc-worker-5f7d9c8b6-x2k4q', 'mail-relay-02.clinic.example'];
export const CITIES_ONLY = ['Frankfurt', 'Lisbon', 'Chicago', 'Osaka', 'Toronto', 'Vienna'];
export const AIRPORTS = ['FRA', 'LHR', 'CDG', 'MAD', 'FCO', 'AMS', 'WAW', 'GRU', 'BLR', 'JFK'];
