import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import { flattenMessages, placeholderShape } from "@/lib/i18n/message-shape";
import { loadAllMessages, messagesDir, readMessages } from "@/lib/i18n/messages";
import { createTranslator } from "use-intl/core";

// Both languages complete (issue 18): the same namespaces, the same keys in each, and the same
// {placeholders} and <tags> in both translations of every message, all valid ICU.

function parityProblems(dir: string): string[] {
  const all = loadAllMessages(dir);
  const problems: string[] = [];
  const [first, ...others] = LOCALES;
  const reference = all[first];
  for (const other of others) {
    const theirs = all[other];
    for (const ns of new Set([...Object.keys(reference), ...Object.keys(theirs)])) {
      const a = reference[ns];
      const b = theirs[ns];
      if (!a || !b) {
        problems.push(`namespace ${ns}: missing in ${a ? other : first}`);
        continue;
      }
      const fa = flattenMessages(a);
      const fb = flattenMessages(b);
      for (const key of new Set([...fa.keys(), ...fb.keys()])) {
        const ma = fa.get(key);
        const mb = fb.get(key);
        if (ma === undefined || mb === undefined) {
          problems.push(`${ns}.${key}: missing in ${ma === undefined ? first : other}`);
          continue;
        }
        if (mb.trim() === "") problems.push(`${ns}.${key}: empty in ${other}`);
        let sa: string[];
        let sb: string[];
        try {
          sa = placeholderShape(ma);
          sb = placeholderShape(mb);
        } catch (e) {
          problems.push(`${ns}.${key}: not valid ICU (${String(e)})`);
          continue;
        }
        if (sa.join() !== sb.join()) problems.push(`${ns}.${key}: ${first} has ${sa.join(" ") || "no placeholders"}, ${other} has ${sb.join(" ") || "no placeholders"}`);
      }
    }
  }
  return problems;
}

describe("interface messages", () => {
  it("have the same namespaces, keys and placeholders in every language", () => {
    expect(parityProblems(messagesDir())).toEqual([]);
    for (const locale of LOCALES) expect(Object.keys(readMessages(locale)).length).toBeGreaterThan(5);
  });

  it("every message renders in every language with its placeholders filled", () => {
    const failures: string[] = [];
    for (const locale of LOCALES) {
      const messages = readMessages(locale);
      const t = createTranslator<Record<string, unknown>, string>({ locale, messages, timeZone: "UTC", onError: (e) => failures.push(`${locale}: ${e.message}`) });
      for (const [ns, tree] of Object.entries(messages)) {
        for (const [key, message] of flattenMessages(tree)) {
          const values: Record<string, string | number | ((chunks: unknown) => string)> = {};
          for (const part of placeholderShape(message)) {
            const tag = /^<(.+)>$/.exec(part);
            const select = /^\{(\w+):select:([^|}]+)/.exec(part);
            const arg = /^\{(\w+)/.exec(part);
            if (tag?.[1]) values[tag[1]] = (chunks) => String(chunks);
            else if (select?.[1] && select[2]) values[select[1]] = select[2];
            else if (arg?.[1]) values[arg[1]] = 2;
          }
          const rendered: unknown = t.rich(`${ns}.${key}` as never, values as never);
          const out = typeof rendered === "string" ? rendered : JSON.stringify(rendered);
          if (out.includes("⟦") || out.trim() === "") failures.push(`${locale}: ${ns}.${key} rendered ${JSON.stringify(out)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("report a missing key, a missing namespace and a placeholder that differs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "messages-"));
    try {
      fs.mkdirSync(path.join(dir, "en"));
      fs.mkdirSync(path.join(dir, "ko"));
      fs.writeFileSync(path.join(dir, "en", "a.json"), JSON.stringify({ hello: "Hello {name}", only: "x", n: { deep: "<b>{count, plural, one {# item} other {# items}}</b>", sel: "{r, select, a {A} other {B}}" } }));
      fs.writeFileSync(path.join(dir, "ko", "a.json"), JSON.stringify({ hello: "안녕하세요 {nmae}", n: { deep: "<i>{count}개</i>", sel: "{r, select, b {A} other {B}}" } }));
      fs.writeFileSync(path.join(dir, "en", "b.json"), JSON.stringify({ x: "y" }));
      expect(parityProblems(dir)).toEqual([
        "a.hello: en has {name}, ko has {nmae}",
        "a.only: missing in ko",
        "a.n.deep: en has <b> {count}, ko has <i> {count}",
        "a.n.sel: en has {r:select:a|other}, ko has {r:select:b|other}",
        "namespace b: missing in ko",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
