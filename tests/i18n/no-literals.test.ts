import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// No hard-coded English (or Korean) left in app/ and components/ (issue 18): the lint rules of
// eslint.i18n.mjs, which `npm run lint` applies, run here on probes (they catch each kind of
// literal) and on every .tsx file of app/ and components/ (none may have a finding).

const ROOT = path.join(import.meta.dirname, "..", "..");

async function linter(): Promise<{ lint: (file: string, source: string) => Linter.LintMessage[] }> {
  const modulePath = pathToFileURL(path.join(ROOT, "eslint.i18n.mjs")).href;
  const { i18nTextRules } = (await import(modulePath)) as { i18nTextRules: Linter.Config };
  const config: Linter.Config[] = [{ files: ["**/*.tsx"], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } }, i18nTextRules];
  const l = new Linter({ configType: "flat", cwd: ROOT });
  return { lint: (file, source) => l.verify(source, config, { filename: path.join(ROOT, file) }) };
}

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".tsx")).map((f) => path.join(dir, f));
}

describe("no hard-coded interface text", () => {
  it("catches literals in JSX text, children expressions, read attributes and page metadata", async () => {
    const { lint } = await linter();
    const probe = `export const metadata = { title: "Sign in" };
export default function P({ c, t }: { c: boolean; t: (k: string) => string }) {
  return (
    <div title="Plain words" aria-label={c ? "Yes words" : t("key")} className="fine" data-testid="fine">
      <input placeholder={\`e.g. \${String(c)} words\`} alt={t("ok")} />
      {c ? "Joining" : t("join")}
      Hello there
      <p>한국어 문장</p>
      {" "}·{t("x")} — {42}%
    </div>
  );
}
`;
    const lines = lint("app/probe/page.tsx", probe).map((m) => m.line);
    // (A JSX text node starts right after the previous expression, so "Hello there" counts on line 6.)
    expect(lines).toEqual([1, 4, 4, 5, 6, 6, 8]);
    // Outside app/ and components/ the rules do not apply (lib/ returns message keys instead).
    expect(lint("lib/probe.tsx", probe)).toEqual([]);
  });

  it("finds none in app/", async () => {
    const { lint } = await linter();
    const findings = tsxFiles("app").flatMap((f) => lint(f, fs.readFileSync(path.join(ROOT, f), "utf8")).map((m) => `${f}:${m.line} ${m.message}`));
    expect(findings).toEqual([]);
  });

  it("finds none in components/", async () => {
    const { lint } = await linter();
    const findings = tsxFiles("components").flatMap((f) => lint(f, fs.readFileSync(path.join(ROOT, f), "utf8")).map((m) => `${f}:${m.line} ${m.message}`));
    expect(findings).toEqual([]);
  });
});
