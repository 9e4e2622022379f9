import "server-only";
import type { Viewer } from "@/lib/data/access";
import { getRequestLocale } from "./server";

// Course content (prompts, titles, feedback) is chosen in lib/data by `viewer.locale`
// (lib/exercises/i18n.ts viewerLocale). The stored column is null until a user picks a language,
// so adapters hand lib the viewer with the language this request is rendered in.

/** The viewer with `locale` set to the request's language (the account's, the cookie's or the browser's). */
export async function readingViewer<V extends Viewer>(viewer: V): Promise<V> {
  return { ...viewer, locale: await getRequestLocale() };
}
