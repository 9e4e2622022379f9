import fs from "node:fs";
import path from "node:path";
import { LOCALES, type Locale } from "./locales";

// The interface's texts: messages/<locale>/<namespace>.json, one file per namespace so that work on
// different parts of the interface never edits the same file; merged here into
// { [namespace]: {...} }, the shape next-intl expects. Read from disk at run time (no bundling, no
// index to keep in step); cached per process except in development, where edits show at once.

/** A namespace's messages: nested objects whose leaves are ICU message strings. */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

const cache = new Map<Locale, Record<string, MessageTree>>();

/** The folder holding messages/<locale>/ (the project root in every process we run). */
export function messagesDir(root: string = process.cwd()): string {
  return path.join(root, "messages");
}

/** Every namespace of `locale`, read from `dir`. Throws on a file that is not a JSON object. */
export function readMessages(locale: Locale, dir: string = messagesDir()): Record<string, MessageTree> {
  const folder = path.join(dir, locale);
  const out: Record<string, MessageTree> = {};
  for (const file of fs.readdirSync(folder).sort()) {
    if (!file.endsWith(".json")) continue;
    const value: unknown = JSON.parse(fs.readFileSync(path.join(folder, file), "utf8"));
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${path.join(folder, file)}: not a JSON object`);
    out[file.slice(0, -".json".length)] = value as MessageTree;
  }
  return out;
}

/** The merged messages of `locale` for next-intl (cached outside development). */
export function loadMessages(locale: Locale): Record<string, MessageTree> {
  if (process.env.NODE_ENV === "development") return readMessages(locale);
  let messages = cache.get(locale);
  if (!messages) {
    messages = readMessages(locale);
    cache.set(locale, messages);
  }
  return messages;
}

/** Every locale's messages (the parity test, scripts). */
export function loadAllMessages(dir: string = messagesDir()): Record<Locale, Record<string, MessageTree>> {
  return Object.fromEntries(LOCALES.map((l) => [l, readMessages(l, dir)])) as Record<Locale, Record<string, MessageTree>>;
}
