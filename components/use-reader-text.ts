import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { translateUserText } from "@/lib/i18n/user-text";

/**
 * Text that lib/ produced for the reader (a late policy, a change summary, a CSV line's problem)
 * may carry userText references (lib/i18n/user-text.ts) when it reaches a component as data rather
 * than as a server action's `message` (which guarded() already translates): they are translated
 * here in the reader's language; plain text passes unchanged.
 */
export function useReaderText(): (text: string) => string {
  // The root translator: a reference names its namespace ("ns.key").
  const t = useTranslations();
  // Stable while the language is: callbacks that use it need not change on every render.
  return useCallback((text: string) => translateUserText(text, (key, params) => t(key as never, params as never)), [t]);
}
