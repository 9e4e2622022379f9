import type { GraderClient, PackageSource } from "@/lib/grading/client";
import type { GradeResult } from "@/lib/grading/contract";
import { submittedAnswer, wrongAnswer } from "./check-package";
import { CONTENT_LOCALES, formatTranslationIssue, isMsg, keysOf, TARGET_LOCALES, textSchema, translationIssues, type ContentLocale, type Text } from "./i18n";
import type { ExercisePackage } from "./loader";
import { localizerFor } from "./platform-messages";
import { quizVariantSchema, renderQuizVariant } from "./quiz";
import { z } from "zod";

// The language parity of one package (issue 18): both languages are written for every text
// (prompt, title, diagnoses, the suite's messages), with the same {{placeholders}}, graph blocks and
// message parameters; and what the suite returns at run time (case names, check() and diagnose()
// messages, driver errors, quiz labels, vars and hints) is a message both languages know, not an
// English sentence. The run-time part asks the real grader. The leak check (no hidden expected value
// in any student-visible text) runs on every language in lib/exercises/check-package.ts.

/** Hangul syllables or jamo: a Korean text has some. */
const HANGUL = /[\u3131-\u318e\uac00-\ud7a3]/;
/**
 * Two Latin words of three letters or more in a row ("random numbers", "wrong for"): prose. A formula
 * or identifiers ("dx, dy", "6 / 3, dout = 1", "apple_price × tax", "∂L/∂X") are not.
 */
const PROSE = /(?<![\w$])[A-Za-z]{3,}[ ,]+[A-Za-z]{3,}(?![\w(])/;

/** A Korean rendering that is English prose: not translated. */
export function untranslatedIn(locale: ContentLocale, text: string): boolean {
  if (locale !== "ko") return false;
  return !HANGUL.test(text) && PROSE.test(text.replace(/`[^`]*`/g, "").replace(/\$[^$]*\$/g, ""));
}

const casesSchema = z.object({ cases: z.array(z.object({ name: textSchema })) });
const inspectedQuizSchema = quizVariantSchema.extend({ prompt: z.string() });

export interface ParityOptions {
  grader: Pick<GraderClient, "grade" | "inspect">;
  /** Quiz seeds whose variants are rendered; default 3. */
  quizSeeds?: number;
}

/** Every parity problem of a package, each naming the language and the text ([] = complete). */
export async function parityProblems(pkg: ExercisePackage, options: ParityOptions): Promise<string[]> {
  const problems = translationIssues(pkg)
    .filter((i) => i.kind === "missing" || i.kind === "mismatch")
    .map(formatTranslationIssue);
  const source: PackageSource = { slug: pkg.slug, files: pkg.files, label: pkg.label };
  const texts: { where: string; text: Text }[] = [];
  const findings = new ResultFindings();

  if (pkg.kind === "code") {
    for (const mode of ["public", "hidden"] as const) {
      const answer = await options.grader.inspect(source, { fn: "cases", seed: 1, mode });
      const parsed = answer.ok ? casesSchema.safeParse(answer.value) : null;
      if (parsed === null || !parsed.success) {
        problems.push(`${mode} cases could not be read${answer.ok ? "" : `: ${answer.message}`}`);
        continue;
      }
      parsed.data.cases.forEach((c, i) => texts.push({ where: `${mode} case ${i + 1} name`, text: c.name }));
    }
    // What a wrong submission is told (check(), diagnose(), driver errors), as the grader renders it.
    const wrong = [
      { who: "starter", code: pkg.starter },
      ...pkg.mistakes.flatMap((m) => (m.source === null ? [] : [{ who: `mistake ${m.id}`, code: m.source }])),
      ...(pkg.meta.samples ?? []).filter((s) => s.hostile !== true && s.gradable !== false).map((s) => ({ who: `sample ${s.file}`, code: pkg.files[s.file] ?? "" })),
    ];
    for (const { who, code } of wrong) {
      for (const mode of ["hidden", "public"] as const) findings.add(await options.grader.grade({ pkg: source, code, seed: 1, mode }), `${who} (${mode})`);
    }
  } else {
    for (let seed = 1; seed <= (options.quizSeeds ?? 3); seed++) {
      const answer = await options.grader.inspect(source, { fn: "quiz", seed });
      const parsed = answer.ok ? inspectedQuizSchema.safeParse(answer.value) : null;
      if (parsed === null || !parsed.success) {
        problems.push(`quiz seed ${seed} could not be read${answer.ok ? "" : `: ${answer.message}`}`);
        continue;
      }
      const v = parsed.data;
      const p = v.presentation;
      const labelled = p.kind === "numeric" ? p.fields : p.kind === "choice" ? p.options : p.kind === "order" ? p.items : p.blanks;
      for (const f of labelled) texts.push({ where: `seed ${seed} label ${f.id}`, text: f.label });
      for (const [k, val] of Object.entries(p.vars)) if (typeof val !== "number") texts.push({ where: `seed ${seed} {{${k}}}`, text: val });
      for (const [k, h] of Object.entries(v.hints)) texts.push({ where: `seed ${seed} hint ${k}`, text: h });
      for (const locale of CONTENT_LOCALES) {
        const l = localizerFor(locale, pkg.meta.messages);
        renderQuizVariant(v, l);
        if (l.unknownKeys.size > 0) problems.push(`${locale} seed ${seed}: unknown message key(s) ${[...l.unknownKeys].join(", ")}`);
      }
      // A wrong answer's feedback (labels, hints, the grader's own words) in every language.
      const ids = p.kind === "choice" ? p.options.map((o) => o.id) : p.kind === "order" ? p.items.map((i) => i.id) : [];
      const wrong = wrongAnswer(v.answer, ids, p.kind === "choice" && p.multiple);
      findings.add(await options.grader.grade({ pkg: source, answer: wrong, seed }), `seed ${seed} wrong answer`);
      findings.add(await options.grader.grade({ pkg: source, answer: submittedAnswer(v.answer), seed }), `seed ${seed} right answer`);
    }
  }

  const catalog = pkg.meta.messages ?? {};
  const plainEnglish = new Map<string, string[]>();
  for (const { where, text } of texts) {
    for (const key of keysOf(text)) {
      if (key.startsWith("grader.")) continue;
      const entry = catalog[key];
      if (entry === undefined) problems.push(`${where}: message key "${key}" is not in exercise.json messages`);
    }
    for (const locale of TARGET_LOCALES) {
      const rendered = localizerFor(locale, pkg.meta.messages).text(text);
      if (!isMsg(text) && untranslatedIn(locale, rendered)) plainEnglish.set(rendered, [...(plainEnglish.get(rendered) ?? []), where]);
    }
  }
  for (const [text, where] of plainEnglish) problems.push(`the suite returns the English text "${text.slice(0, 160)}" (use a message key): ${where.slice(0, 3).join(", ")}${where.length > 3 ? ` and ${where.length - 3} more` : ""}`);
  problems.push(...findings.problems());
  return [...new Set(problems)];
}

/** What the rendered results of a package showed, gathered so a report names each text once. */
class ResultFindings {
  readonly english = new Map<string, string[]>();
  readonly fallback: string[] = [];
  readonly other: string[] = [];

  /** A result's texts in every language: none falls back, none is English prose in Korean. */
  add(result: GradeResult, who: string): void {
    for (const locale of TARGET_LOCALES) {
      const texts = result.l10n?.[locale];
      if (texts === undefined) {
        this.other.push(`${locale} ${who}: the result has no ${locale} texts`);
        continue;
      }
      if (texts.fallback) this.fallback.push(who);
      const all = [...texts.tests.flatMap((t) => [t.name, t.message]), texts.diagnosis ?? "", texts.error ?? ""];
      for (const t of all) {
        for (const part of t.split("; ")) {
          if (!untranslatedIn(locale, part)) continue;
          const list = this.english.get(part) ?? [];
          list.push(who);
          this.english.set(part, list);
        }
      }
    }
  }

  problems(): string[] {
    const out = [...this.other];
    if (this.fallback.length > 0) out.push(`ko: ${this.fallback.length} result(s) show an exercise.json text that has no Korean (e.g. ${this.fallback.slice(0, 3).join(", ")})`);
    for (const [text, who] of this.english) out.push(`ko: English text reaches students: "${text.slice(0, 160)}" (${who.length} result(s), e.g. ${who[0] ?? ""})`);
    return out;
  }
}
