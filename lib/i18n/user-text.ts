// Text that lib/ code produces for a user (an API error, a refusal, a validation message) but that
// must be read in the user's language, which only the adapter knows. lib/ code writes
// userText("errors.signInRequired", {...}): a plain string (so Error.message, zod messages and
// { ok: false, message } keep their types) carrying the message key and its parameters. The
// adapter (guarded() for server actions, the API answers, pages) runs translateUserText over it;
// anything else in the string passes through unchanged. No "server-only": zod schemas shared with
// the browser use it too.

type Params = Record<string, string | number>;

const OPEN = "⟦i18n:";
const CLOSE = "⟧";
const PATTERN = /⟦i18n:(.*?)⟧/g;

/** A reference to the message `key` ("namespace.path") with `params`, as a string. */
export function userText(key: string, params?: Params): string {
  return `${OPEN}${JSON.stringify(params === undefined ? [key] : [key, params])}${CLOSE}`;
}

/** Whether `text` holds at least one userText reference. */
export function hasUserText(text: string): boolean {
  return text.includes(OPEN);
}

/** A translator over the root namespace: next-intl's `t` from getTranslations() or createTranslator(). */
export type RootTranslator = (key: string, params?: Params) => string;

/** `text` with every userText reference replaced by its translation through `t`. */
export function translateUserText(text: string, t: RootTranslator): string {
  if (!hasUserText(text)) return text;
  return text.replace(PATTERN, (whole, json: string) => {
    try {
      const parsed: unknown = JSON.parse(json);
      if (!Array.isArray(parsed) || typeof parsed[0] !== "string") return whole;
      const params = parsed[1] as Params | undefined;
      return t(parsed[0], params);
    } catch {
      return whole;
    }
  });
}
