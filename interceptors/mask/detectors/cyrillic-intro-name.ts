import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * A person introducing themselves in Russian or Ukrainian (`Добрий день, я Ірина Шевчук.`,
 * `Меня зовут Олег`, `Это Анна Петрова, …`): the capitalised Cyrillic words after the cue are
 * their name. After `я` / `это` / `це` (which also start ordinary sentences) two words or three are
 * needed; after `меня зовут` / `мене звати` (my name is) one is enough.
 */
const WORD = '\\p{Lu}[\\p{Ll}’\']+(?:-\\p{Lu}[\\p{Ll}’\']+)?';
const NAME_AFTER_NAMING = new RegExp(`(?<!\\p{L})(?:[Мм]еня зовут|[Мм]ене звати|[Мм]ене звуть|[Мм]о[её] имя|[Мм]оє ім[’']я|[Сс] вами говорит|[Нн]а связи)[\\s,:—-]+(${WORD}(?:[ \\u00a0]+${WORD}){0,2})`, 'gu');
const NAME_AFTER_I = new RegExp(`(?<!\\p{L})(?:[Яя]|[Ээ]то|[Цц]е)[ \\u00a0]+(${WORD}(?:[ \\u00a0]+${WORD}){1,2})(?=[\\s,.!;:)]|$)`, 'gu');
const CYRILLIC_WORD = /^[\u0400-\u04ff’'\- \u00a0]+$/;

export const cyrillicIntroNameDetector: Detector = {
  category: 'person_name',
  priority: 13,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // Cyrillic capitals and small letters: one cheap look before the regexes
    if (!/[\u0400-\u04ff]/.test(text)) return;
    for (const re of [NAME_AFTER_NAMING, NAME_AFTER_I]) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const name = m[1];
        if (!CYRILLIC_WORD.test(name)) continue;
        const start = m.index + m[0].length - name.length;
        out.push({ start, end: start + name.length, category: 'person_name', priority: 13 });
      }
    }
  },
};
