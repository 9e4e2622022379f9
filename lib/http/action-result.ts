import "server-only";
import { getTranslations } from "next-intl/server";
import { isAccessError } from "@/lib/data/access";
import { hasUserText, translateUserText, userText, type RootTranslator } from "@/lib/i18n/user-text";

// Server actions are public POST endpoints: they return expected failures as data
// ({ ok: false, message }) instead of throwing, so the page can show them next to the form
// without losing what was typed. One guard for every action of the app. Its messages are in the
// reader's language: lib/ code writes userText references, translated here (issue 18).

export type ActionFailure = { ok: false; message: string };

export interface GuardOptions {
  /**
   * Course staff see an unexpected error's own message (they author the packages and settings it
   * is usually about); students get a calm sentence without internals.
   */
  staff?: boolean;
}

/** The request's root translator, for userText references (lib/i18n/user-text.ts). */
export async function actionTranslator(): Promise<RootTranslator> {
  const t = await getTranslations();
  return (key, params) => t(key as never, params as never);
}

/** `text` from lib/ in the reader's language. */
export async function readerText(text: string): Promise<string> {
  return translateUserText(text, await actionTranslator());
}

/** Field errors (userText from lib/) in the reader's language. */
export async function readerFieldErrors<K extends string>(errors: Partial<Record<K, string>>): Promise<Partial<Record<K, string>>> {
  const t = await actionTranslator();
  return Object.fromEntries(Object.entries<string | undefined>(errors).map(([k, v]) => [k, v === undefined ? v : translateUserText(v, t)])) as Partial<Record<K, string>>;
}

/**
 * A result in the reader's language: its message, and every text lib/ put anywhere inside it
 * (field errors, dry-run summaries, refused CSV lines), since successful results carry userText too.
 */
async function translatedResult<T>(result: T): Promise<T> {
  if (!holdsUserText(result)) return result;
  const t = await actionTranslator();
  return translatedDeep(result, t) as T;
}

/** Whether any string inside `value` (fields, field errors, summaries, rows) holds a userText reference. */
function holdsUserText(value: unknown): boolean {
  if (typeof value === "string") return hasUserText(value);
  if (Array.isArray(value)) return value.some(holdsUserText);
  if (isPlainObject(value)) return Object.values(value).some(holdsUserText);
  return false;
}

/** `value` with every string translated; plain objects and arrays copied, anything else kept as is. */
function translatedDeep(value: unknown, t: RootTranslator): unknown {
  if (typeof value === "string") return translateUserText(value, t);
  if (Array.isArray(value)) return value.map((v) => translatedDeep(v, t));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translatedDeep(v, t)]));
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export async function guarded<T>(run: () => Promise<T>, options: GuardOptions = {}): Promise<T | ActionFailure> {
  try {
    return await translatedResult(await run());
  } catch (e) {
    if (isAccessError(e)) {
      if (e.status !== 401) return { ok: false, message: await readerText(e.message) };
      return { ok: false, message: await readerText(userText(options.staff ? "errors.sessionEnded" : "errors.sessionEndedCodeKept")) };
    }
    // Unexpected: logged for the operator.
    console.error(options.staff ? "[instructor action]" : "[action]", e);
    if (options.staff && e instanceof Error) return { ok: false, message: await readerText(e.message) };
    return { ok: false, message: await readerText(userText("errors.serverError")) };
  }
}

/** guarded() for the instructor pages' actions. */
export function guardedForStaff<T>(run: () => Promise<T>): Promise<T | ActionFailure> {
  return guarded(run, { staff: true });
}
