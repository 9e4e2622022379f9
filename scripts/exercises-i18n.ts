// The translations of the exercise packages, without the grader (instant):
//
//   npm run -s exercises:i18n [-- slug ...]            every missing, stale, unstamped or mismatched text
//   npm run -s exercises:stamp -- slug ... [--locale ko]  stamp the translations as up to date
//
// A stamp records, per text, the hash of its English source when the translation was checked
// (translation-stamps.json in the package); when the English changes afterwards, the Korean is
// reported stale until it is updated and stamped again (docs/decisions/115-bilingual-packages.md).
// Exits 1 when a text is missing or its languages differ in placeholders, graph blocks or
// parameters (report), or when a slug does not exist (stamp).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { contentLocaleSchema, formatTranslationIssue, STAMP_FILE, stampTranslations, translationIssues, TARGET_LOCALES } from "@/lib/exercises/i18n";
import { loadPackage, packageSlugs } from "@/lib/exercises/loader";

const args = process.argv.slice(2);
const stamp = args[0] === "stamp";
const rest = stamp ? args.slice(1) : args;
const localeAt = rest.indexOf("--locale");
const locale = contentLocaleSchema.parse(localeAt >= 0 ? rest[localeAt + 1] : (TARGET_LOCALES[0] ?? "ko"));
const slugs = rest.filter((a, i) => !a.startsWith("--") && !(localeAt >= 0 && i === localeAt + 1));

async function main(): Promise<number> {
  if (stamp) {
    if (slugs.length === 0) {
      process.stderr.write("usage: npm run -s exercises:stamp -- <slug> [<slug> ...] [--locale ko]\n");
      return 2;
    }
    for (const slug of slugs) {
      const dir = path.join("exercises", slug);
      const pkg = await loadPackage(dir);
      const mismatches = translationIssues(pkg).filter((i) => i.locale === locale && i.kind === "mismatch");
      for (const m of mismatches) process.stdout.write(`  ✗ ${slug}: ${formatTranslationIssue(m)}\n`);
      await writeFile(path.join(dir, STAMP_FILE), stampTranslations(pkg, locale));
      const left = translationIssues(pkg).filter((i) => i.locale === locale && i.kind === "missing").length;
      process.stdout.write(`${slug}: ${locale} stamped${left > 0 ? ` (${left} text(s) still missing in ${locale})` : ""}\n`);
    }
    return 0;
  }
  const all = await packageSlugs();
  const unknown = slugs.filter((s) => !all.includes(s));
  if (unknown.length > 0) {
    process.stderr.write(`no such package: ${unknown.join(", ")}\n`);
    return 2;
  }
  let failing = 0;
  let warned = 0;
  for (const slug of slugs.length > 0 ? slugs : all) {
    const issues = translationIssues(await loadPackage(path.join("exercises", slug)));
    const errors = issues.filter((i) => i.kind === "missing" || i.kind === "mismatch");
    const label = issues.length === 0 ? "complete" : `${errors.length} missing/mismatched, ${issues.length - errors.length} stale/unstamped`;
    process.stdout.write(`${slug.padEnd(28)} ${label}\n`);
    for (const i of issues) process.stdout.write(`  ${i.kind === "missing" || i.kind === "mismatch" ? "✗" : "!"} ${formatTranslationIssue(i)}\n`);
    if (errors.length > 0) failing++;
    else if (issues.length > 0) warned++;
  }
  process.stdout.write(`${failing} package(s) incomplete, ${warned} with warnings only\n`);
  return failing > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
