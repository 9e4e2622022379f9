import type { ContentLocale } from "./i18n";
import { promptIn, type ExercisePackage } from "./loader";
import { localizerFor } from "./platform-messages";
import { fillPlaceholders, renderQuizVariant, type QuizVariant } from "./quiz";
import type { QuizPresentation } from "./suite-types";

/**
 * What a student of `locale` sees of a quiz variant: the prompt in their language with its
 * {{placeholders}} filled, and the presentation's labels rendered. `fallback`: some of it is
 * shown in the other language (not translated yet), which the page says.
 */
export function presentIn(pkg: ExercisePackage, variant: QuizVariant, locale: ContentLocale): { prompt: string; presentation: QuizPresentation; hints: Record<string, string>; fallback: boolean } {
  const l = localizerFor(locale, pkg.meta.messages);
  const rendered = renderQuizVariant(variant, l);
  const prompt = promptIn(pkg, locale);
  return { prompt: fillPlaceholders(prompt.text, rendered.presentation.vars, pkg.label), presentation: rendered.presentation, hints: rendered.hints, fallback: prompt.fallback || l.fallback };
}
