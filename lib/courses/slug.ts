// A course's slug (its web address, /courses/<slug>) proposed from the title as the instructor
// types it. Latin letters lose their accents; Hangul is romanized letter by letter after the
// Revised Romanization of Korean (without its sound-change rules: "딥러닝" gives "dipreoning", which
// the author may shorten); any other script is left out. What is left may be empty (a Chinese or
// Japanese title): the form then asks the author for one (decision 122). No "server-only": the
// create form runs it in the browser.

const INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];
const VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"];
const FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"];

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;

/** One Hangul syllable in Latin letters, or the character unchanged. */
function romanize(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < HANGUL_FIRST || code > HANGUL_LAST) return ch;
  const index = code - HANGUL_FIRST;
  const initial = Math.floor(index / (21 * 28));
  const vowel = Math.floor((index % (21 * 28)) / 28);
  const final = index % 28;
  return `${INITIALS[initial] ?? ""}${VOWELS[vowel] ?? ""}${FINALS[final] ?? ""}`;
}

export const SLUG_MAX = 64;

/** `title` with Hangul romanized, accents dropped and lower case: what a slug is cut from. */
function latinized(title: string): string {
  return Array.from(title.normalize("NFC"), romanize)
    .join("")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
}

/** A slug for `title`: lowercase letters, digits and single dashes; "" when nothing of it is usable. */
export function slugFromTitle(title: string): string {
  const slug = latinized(title).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug.slice(0, SLUG_MAX).replace(/-+$/, "");
}

/** Whether the title has letters that {@link slugFromTitle} had to leave out (e.g. Chinese). */
export function titleHasUnsluggableLetters(title: string): boolean {
  return Array.from(latinized(title)).some((ch) => /\p{L}/u.test(ch) && !/[a-zA-Z]/.test(ch));
}
