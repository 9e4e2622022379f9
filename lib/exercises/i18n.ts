import { z } from "zod";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import { cleanNumber } from "./number-display";

// Bilingual course content (issue 18, docs/decisions/115-bilingual-packages.md). A package holds
// every text a student reads in English and Korean: prompt.md beside prompt.ko.md, and in
// exercise.json every student-visible text as { "en": "...", "ko": "..." } (a plain string is
// still read as English only). Suites never write sentences: they return message keys with
// parameters ({ key, params }) that name entries of exercise.json `messages`; the grader host
// (never the package's isolate) renders them in every language. This module is plain data
// handling, shared by the loader, the grader host, the server and the checks.

/** The interface's languages are the content's (lib/i18n/locales.ts). */
export const CONTENT_LOCALES = LOCALES;
export type ContentLocale = Locale;
/** The language a package's texts are written in first; stamps record its texts. */
export const SOURCE_LOCALE: ContentLocale = "en";
/** Languages translated from the source language (a third language is added here). */
export const TARGET_LOCALES = CONTENT_LOCALES.filter((l) => l !== SOURCE_LOCALE);

export const contentLocaleSchema = z.enum(CONTENT_LOCALES);

/** A text in several languages; a plain string is English only (packages not yet translated). */
export type LocalizedText = string | Partial<Record<ContentLocale, string>>;

/** One optional non-empty text per content language: a third language in LOCALES is accepted here too. */
const textPerLocale = Object.fromEntries(CONTENT_LOCALES.map((l) => [l, z.string().min(1).optional()])) as Record<ContentLocale, z.ZodOptional<z.ZodString>>;
export const localizedTextSchema = z.union([
  z.string().min(1),
  z
    .strictObject(textPerLocale)
    .refine((t: Partial<Record<ContentLocale, string>>) => CONTENT_LOCALES.some((l) => t[l] !== undefined), `needs at least one language (${CONTENT_LOCALES.join(" or ")})`),
]);

/** Message keys: "case.apple", "check.dx-wrong", "driver.not-array". */
export const MESSAGE_KEY = /^[A-Za-z][\w-]*(?:\.[\w-]+)*$/;
export const messageKeySchema = z.string().max(100).regex(MESSAGE_KEY, "must be a key like case.apple or check.dx-wrong");

/** What a suite returns instead of a sentence: a key of exercise.json `messages` and its parameters. */
export interface Msg {
  key: string;
  params?: Record<string, MsgParam>;
}
export type MsgParam = string | number | Msg;
/** A text as suites return it: a message, or a plain string (language-neutral, or English only). */
export type Text = string | Msg;

const MAX_PARAM_DEPTH = 4;
const msgParamSchema: z.ZodType<MsgParam> = z.lazy(() => z.union([z.string().max(2000), z.number(), msgSchema]));
export const msgSchema: z.ZodType<Msg> = z.object({
  key: messageKeySchema,
  params: z.record(z.string().regex(/^[A-Za-z_]\w*$/), msgParamSchema).optional(),
});
export const textSchema: z.ZodType<Text> = z.union([z.string().max(2000), msgSchema]);

/** exercise.json `messages`: the package's catalog, each entry in both languages. */
export const messagesSchema = z.record(messageKeySchema, localizedTextSchema);
export type Messages = z.infer<typeof messagesSchema>;

/**
 * The language a viewer reads content in: the `locale` the adapter put on the viewer (the
 * request's resolved language: the account's, the cookie's or the browser's), else English.
 */
export function viewerLocale(viewer: { locale?: string | null } | null | undefined): ContentLocale {
  const parsed = contentLocaleSchema.safeParse(viewer?.locale);
  return parsed.success ? parsed.data : SOURCE_LOCALE;
}

export const isMsg = (t: unknown): t is Msg => t !== null && typeof t === "object" && typeof (t as { key?: unknown }).key === "string";

/** A text in `locale`, else in the other language (fallback: true). */
export function textIn(text: LocalizedText, locale: ContentLocale): { text: string; fallback: boolean } {
  if (typeof text === "string") return { text, fallback: locale !== SOURCE_LOCALE };
  const own = text[locale];
  if (own !== undefined) return { text: own, fallback: false };
  for (const other of CONTENT_LOCALES) {
    const t = text[other];
    if (t !== undefined) return { text: t, fallback: true };
  }
  return { text: "", fallback: true };
}

/** The text in `locale` when it is written in it, else undefined. */
export function ownText(text: LocalizedText | undefined, locale: ContentLocale): string | undefined {
  if (text === undefined) return undefined;
  if (typeof text === "string") return locale === SOURCE_LOCALE ? text : undefined;
  return text[locale];
}

const titleMetaSchema = z.object({ title: localizedTextSchema });

/** An item's title in `locale` from its stored version's meta; `rowTitle` (English) when unreadable. */
export function titleIn(meta: unknown, rowTitle: string, locale: ContentLocale): { text: string; fallback: boolean } {
  const parsed = titleMetaSchema.safeParse(meta);
  return textIn(parsed.success ? parsed.data.title : rowTitle, locale);
}

/** What to select of an Exercise row to show its title in any language (with `exerciseTitleIn`). */
export const TITLE_SELECT = { title: true, currentVersion: { select: { meta: true } } } as const;

/** An Exercise row's title in `locale`: the row's own column is English (exports, logs). */
export function exerciseTitleIn(row: { title: string; currentVersion?: { meta: unknown } | null }, locale: ContentLocale): string {
  return titleIn(row.currentVersion?.meta, row.title, locale).text;
}

/** `{name}` placeholders of a message template (other braces are literal text). */
export const TEMPLATE_PARAM = /\{([A-Za-z_]\w*)\}/g;

export function templateParams(template: string): string[] {
  return [...new Set([...template.matchAll(TEMPLATE_PARAM)].map((m) => m[1] ?? ""))].sort();
}

/**
 * Renders texts in one language with a package's catalog and the platform's (keys of the
 * platform's own messages start with "grader."). Records whether any text had to fall back to the
 * other language, and which keys no catalog knows (shown as the key itself: never an empty text).
 */
export class Localizer {
  fallback = false;
  readonly unknownKeys = new Set<string>();

  constructor(
    readonly locale: ContentLocale,
    private readonly catalogs: readonly Messages[],
  ) {}

  text(t: Text | null | undefined): string {
    if (t === null || t === undefined) return "";
    if (typeof t === "string") return t;
    return this.#render(t, 0);
  }

  localized(t: LocalizedText): string {
    const { text, fallback } = textIn(t, this.locale);
    if (fallback) this.fallback = true;
    return text;
  }

  #render(m: Msg, depth: number): string {
    let template: LocalizedText | undefined;
    for (const catalog of this.catalogs) {
      if (Object.hasOwn(catalog, m.key)) {
        template = catalog[m.key];
        break;
      }
    }
    if (template === undefined) {
      this.unknownKeys.add(m.key);
      return m.key;
    }
    const source = this.localized(template);
    const params = m.params ?? {};
    return source.replace(TEMPLATE_PARAM, (whole, name: string) => {
      if (!Object.hasOwn(params, name)) return whole;
      const value = params[name];
      if (typeof value === "string") return value;
      // A number a message names (a hint's input, a length) reads without float noise.
      if (typeof value === "number") return cleanNumber(value);
      if (value === undefined) return whole;
      return depth >= MAX_PARAM_DEPTH ? value.key : this.#render(value, depth + 1);
    });
  }
}

/** Keys a text uses (a message and the messages among its parameters). */
export function keysOf(t: Text | null | undefined, out = new Set<string>()): Set<string> {
  if (t !== null && t !== undefined && typeof t !== "string") {
    out.add(t.key);
    for (const p of Object.values(t.params ?? {})) if (typeof p === "object") keysOf(p, out);
  }
  return out;
}

// ---------------------------------------------------------------- prompts

/** The prompt file of a language: prompt.md (English), prompt.ko.md. */
export function promptFile(locale: ContentLocale): string {
  return locale === SOURCE_LOCALE ? "prompt.md" : `prompt.${locale}.md`;
}

/** `{{name}}` placeholders of a prompt, sorted, each once. */
export function promptPlaceholders(prompt: string): string[] {
  return [...new Set([...prompt.matchAll(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g)].map((m) => m[1] ?? ""))].sort();
}

/** The bodies of the fenced ```graph blocks of a prompt, in order (whitespace-normalised). */
export function promptGraphBlocks(prompt: string): string[] {
  return [...prompt.matchAll(/^(`{3,}|~{3,})graph[^\n]*\n([\s\S]*?)^\1\s*$/gm)].map((m) => (m[2] ?? "").trim().replace(/\s+/g, " "));
}

// ---------------------------------------------------------------- translation units and stamps

/**
 * The translatable texts of a package, by unit: "prompt.md", "title", "mistakes.<id>",
 * "messages.<key>". Each has a text per language (undefined: not written).
 */
export interface TranslationUnit {
  unit: string;
  texts: Partial<Record<ContentLocale, string>>;
}

interface UnitSource {
  files: Record<string, string>;
  meta: { title: LocalizedText; mistakes?: { id: string; message: LocalizedText }[]; messages?: Messages };
}

function unitTexts(t: LocalizedText): Partial<Record<ContentLocale, string>> {
  const texts: Partial<Record<ContentLocale, string>> = {};
  for (const l of CONTENT_LOCALES) {
    const own = ownText(t, l);
    if (own !== undefined) texts[l] = own;
  }
  return texts;
}

export function translationUnits(pkg: UnitSource): TranslationUnit[] {
  const prompt: Partial<Record<ContentLocale, string>> = {};
  for (const l of CONTENT_LOCALES) {
    const file = pkg.files[promptFile(l)];
    if (file !== undefined) prompt[l] = file;
  }
  return [
    { unit: "prompt.md", texts: prompt },
    { unit: "title", texts: unitTexts(pkg.meta.title) },
    ...(pkg.meta.mistakes ?? []).map((m) => ({ unit: `mistakes.${m.id}`, texts: unitTexts(m.message) })),
    ...Object.entries(pkg.meta.messages ?? {}).map(([key, t]) => ({ unit: `messages.${key}`, texts: unitTexts(t) })),
  ];
}

/** The file holding, per target language, the hash of each source text when it was translated. */
export const STAMP_FILE = "translation-stamps.json";

export const stampsSchema = z.strictObject({
  // 14 hex digits: cyrb53 (sourceHash); 12: the first stamps' sha256 prefix (legacySourceHash), still read.
  ko: z.record(z.string(), z.string().regex(/^(?:[0-9a-f]{14}|[0-9a-f]{12})$/)).optional(),
});
export type Stamps = z.infer<typeof stampsSchema>;

/**
 * The short hash of a source text that a stamp records (line endings and trailing space ignored):
 * cyrb53, 14 hex digits. It only has to notice edits, not resist forgery, and it runs the same in
 * Node and in the browser (the authoring page stamps without a server round trip).
 */
export function sourceHash(text: string): string {
  const normal = normalSource(text);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < normal.length; i++) {
    const ch = normal.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

function normalSource(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/[ \t]+$/gm, "").trim();
}

const SHA256_K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
  0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
  0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 (hex) of a text's UTF-8 bytes, in plain JS: the first stamps used it, read in the browser too. */
function sha256Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const length = ((bytes.length + 9 + 63) >> 6) << 6;
  const data = new Uint8Array(length);
  data.set(bytes);
  data[bytes.length] = 0x80;
  const view = new DataView(data.buffer);
  view.setUint32(length - 8, Math.floor((bytes.length * 8) / 2 ** 32));
  view.setUint32(length - 4, (bytes.length * 8) >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] ?? 0;
      const b = w[i - 2] ?? 0;
      w[i] = ((w[i - 16] ?? 0) + (rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) + (w[i - 7] ?? 0) + (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10))) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0] ?? 0, h[1] ?? 0, h[2] ?? 0, h[3] ?? 0, h[4] ?? 0, h[5] ?? 0, h[6] ?? 0, h[7] ?? 0];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (SHA256_K[i] ?? 0) + (w[i] ?? 0)) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
    }
    const next = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = ((h[i] ?? 0) + (next[i] ?? 0)) >>> 0;
  }
  return [...h].map((x) => x.toString(16).padStart(8, "0")).join("");
}

/** The first stamps' hash (before cyrb53): sha256's first 12 hex digits of the same normalised text. */
export function legacySourceHash(text: string): string {
  return sha256Hex(normalSource(text)).slice(0, 12);
}

/** Does a stamp (either hash) record this source text? */
export function stampMatches(stamp: string, source: string): boolean {
  return stamp.length === 12 ? stamp === legacySourceHash(source) : stamp === sourceHash(source);
}

/** Parses the stamp file; an unreadable one counts as no stamps (every translation reads "not stamped"). */
export function readStamps(files: Record<string, string>): { stamps: Stamps; problem: string | null } {
  const raw = files[STAMP_FILE];
  if (raw === undefined) return { stamps: {}, problem: null };
  try {
    const parsed = stampsSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return { stamps: parsed.data, problem: null };
    return { stamps: {}, problem: `${STAMP_FILE}: ${parsed.error.issues[0]?.message ?? "invalid"}` };
  } catch (e) {
    return { stamps: {}, problem: `${STAMP_FILE}: invalid JSON: ${(e as Error).message}` };
  }
}

/**
 * Stamps the translations of `locale` as up to date with the source texts as they are now: every
 * unit written in both languages gets the source text's hash. Returns the new stamp file.
 */
export function stampTranslations(pkg: UnitSource, locale: ContentLocale, previous: Stamps = readStamps(pkg.files).stamps): string {
  if (locale === SOURCE_LOCALE) throw new Error(`${locale} is the source language: only translations are stamped`);
  const stamps: Record<string, string> = {};
  for (const u of translationUnits(pkg)) {
    const source = u.texts[SOURCE_LOCALE];
    if (source !== undefined && u.texts[locale] !== undefined) stamps[u.unit] = sourceHash(source);
  }
  const next: Stamps = { ...previous, [locale]: stamps };
  return `${JSON.stringify(next, null, 2)}\n`;
}

export type TranslationIssueKind = "missing" | "stale" | "unstamped" | "mismatch";

/** A translation problem of one unit in one language. "mismatch" is an error; the others are warnings. */
export interface TranslationIssue {
  locale: ContentLocale;
  unit: string;
  kind: TranslationIssueKind;
  detail: string;
}

const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Every translation problem of a package: a text missing in a language, a translation written
 * before its source text last changed (stale) or never stamped, and structural differences
 * between the languages (placeholders, graph blocks, message parameters) that would break a page.
 */
export function translationIssues(pkg: UnitSource): TranslationIssue[] {
  const { stamps, problem } = readStamps(pkg.files);
  const issues: TranslationIssue[] = [];
  for (const locale of TARGET_LOCALES) {
    if (problem !== null) issues.push({ locale, unit: STAMP_FILE, kind: "unstamped", detail: problem });
    const localeStamps = stamps[locale as keyof Stamps] ?? {};
    for (const u of translationUnits(pkg)) {
      const source = u.texts[SOURCE_LOCALE];
      const target = u.texts[locale];
      if (source === undefined && target === undefined) continue;
      if (target === undefined) {
        issues.push({ locale, unit: u.unit, kind: "missing", detail: `no ${locale} text` });
        continue;
      }
      if (source === undefined) {
        issues.push({ locale: SOURCE_LOCALE, unit: u.unit, kind: "missing", detail: `no ${SOURCE_LOCALE} text` });
        continue;
      }
      issues.push(...structuralIssues(u.unit, source, target, locale));
      const stamp = localeStamps[u.unit];
      if (stamp === undefined) issues.push({ locale, unit: u.unit, kind: "unstamped", detail: `the ${locale} text was never stamped as up to date (npm run -s exercises:stamp)` });
      else if (!stampMatches(stamp, source)) issues.push({ locale, unit: u.unit, kind: "stale", detail: `the ${SOURCE_LOCALE} text changed after the ${locale} text was stamped: update the translation, then stamp it` });
    }
  }
  return issues;
}

function structuralIssues(unit: string, source: string, target: string, locale: ContentLocale): TranslationIssue[] {
  const issues: TranslationIssue[] = [];
  if (unit === "prompt.md") {
    const [ps, pt] = [promptPlaceholders(source), promptPlaceholders(target)];
    if (!sameList(ps, pt)) issues.push({ locale, unit, kind: "mismatch", detail: `placeholders differ: ${SOURCE_LOCALE} {{${ps.join("}}, {{")}}} vs ${locale} {{${pt.join("}}, {{")}}}` });
    const [gs, gt] = [promptGraphBlocks(source), promptGraphBlocks(target)];
    if (!sameList(gs, gt)) issues.push({ locale, unit, kind: "mismatch", detail: `graph blocks differ: ${SOURCE_LOCALE} [${gs.join(" | ")}] vs ${locale} [${gt.join(" | ")}]` });
  } else {
    const [ps, pt] = [templateParams(source), templateParams(target)];
    if (!sameList(ps, pt)) issues.push({ locale, unit, kind: "mismatch", detail: `parameters differ: ${SOURCE_LOCALE} {${ps.join("}, {")}} vs ${locale} {${pt.join("}, {")}}` });
  }
  return issues;
}

/** "ko prompt.md: stale (the en text changed ...)". */
export function formatTranslationIssue(i: TranslationIssue): string {
  return `${i.locale} ${i.unit}: ${i.kind}: ${i.detail}`;
}
