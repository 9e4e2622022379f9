import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/data/db";
import { DEMO_COURSE, DEMO_PASSWORD } from "@/lib/data/demo-seed";
import { hashPassword } from "@/lib/data/passwords";
import { baseURL, launchBrowser, signIn } from "./browser";

// The gradebook as a newcomer instructor reads it (issue 21, item 7), in Chromium against
// `next start` with the nonce CSP enforced, at desktop size and on a 390 px phone: a course with
// every item of the shipped course and six students whose scores fall in every colour band. The
// names and the totals stay in view while the grid scrolls sideways, no header is cut, item headers
// give their full title, the legend names every band the cells use, counts read "1 student", per-item
// cards link to the item, a student's quiz answers read as the student saw them, a regrade can keep
// the higher score (the dry run says how many grades would go down) and the student whose grade
// changed reads a notice, and empty courses say what to do next. Fixtures (courses, copies of the
// shipped items, students and their attempts) are written to the server's database; everything the
// instructor and the students do goes through the pages. Screenshots: tests/e2e/artifacts.

const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
const shot = (name: string): string => path.join(ARTIFACTS, inject("topology") === "embedded" ? `${name}.png` : `${name}-${inject("topology")}.png`);
const PASSWORD = "gradebook-e2e-password";
const SOLUTION = fs.readFileSync("exercises/mul-layer/solution.ts", "utf8");
// Scores that put a cell in each of the six bands, by student.
const SCORES = [0.1, 0.3, 0.5, 0.7, 0.9, 1];

let browser: Browser;
const violations: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
  await disconnectDb();
  expect(violations).toEqual([]);
});

const VIEWPORTS = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

interface CopiedItem {
  id: string;
  slug: string;
  title: string;
  kind: string;
  versionId: string;
}

/** Copies of the shipped course's items into `courseId` (slugs and keys suffixed by `run`). */
async function copyItems(courseId: string, run: string, only?: readonly string[], hidden: readonly string[] = []): Promise<Map<string, CopiedItem>> {
  const demo = await db().course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug }, select: { id: true } });
  const sources = await db().exercise.findMany({
    where: { courseId: demo.id, ...(only ? { slug: { in: [...only] } } : {}) },
    orderBy: [{ order: "asc" }, { slug: "asc" }],
    select: { slug: true, title: true, kind: true, points: true, order: true, currentVersion: { select: { meta: true, files: true } } },
  });
  const out = new Map<string, CopiedItem>();
  for (const s of sources) {
    const slug = `${s.slug}-${run}`;
    const created = await db().exercise.create({
      data: {
        key: `key-${slug}`,
        slug,
        courseId,
        title: s.title,
        kind: s.kind,
        points: s.points,
        order: s.order,
        source: "authored",
        hidden: hidden.includes(s.slug),
        versions: { create: { contentHash: `hash-${slug}`, meta: s.currentVersion?.meta ?? {}, files: s.currentVersion?.files ?? {} } },
      },
      select: { id: true, versions: { select: { id: true } } },
    });
    const versionId = created.versions[0]?.id ?? "";
    await db().exercise.update({ where: { id: created.id }, data: { currentVersionId: versionId } });
    const meta = s.currentVersion?.meta as { title?: string | Record<string, string> } | undefined;
    const title = typeof meta?.title === "string" ? meta.title : (meta?.title?.en ?? s.title);
    out.set(s.slug, { id: created.id, slug, title, kind: s.kind, versionId });
  }
  return out;
}

for (const viewport of VIEWPORTS) {
  describe(`the gradebook (${viewport.name}, ${viewport.width} px)`, () => {
    const run = `${viewport.name.slice(0, 1)}${randomUUID().slice(0, 6)}`;
    const names = ["Ada Lovelace", "Ben Bitdiddle", "Cy Cho", "Dana Park", "Eun Kim", "Finn Ray"];
    const emails = names.map((n) => `${n.split(" ")[0]?.toLowerCase()}-${run}@example.com`);
    let courseId = "";
    let quietCourseId = "";
    let bareCourseId = "";
    const courseSlug = `gradebook-${run}`;
    let items = new Map<string, CopiedItem>();
    const userIds: string[] = [];

    async function page(): Promise<Page> {
      const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: viewport.width, height: viewport.height } });
      context.setDefaultTimeout(30_000);
      const p = await context.newPage();
      p.on("console", (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      return p;
    }

    async function signedIn(email: string, password: string): Promise<Page> {
      const p = await page();
      await signIn(p, email, password);
      await p.waitForURL((u) => !u.pathname.startsWith("/signin"));
      return p;
    }

    const item = (slug: string): CopiedItem => {
      const found = items.get(slug);
      if (!found) throw new Error(`no copy of ${slug}`);
      return found;
    };

    beforeAll(async () => {
      const demo = await db().course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug }, select: { ownerId: true } });
      const course = (slug: string, title: string) => db().course.create({ data: { slug, title, joinCode: `GB${randomUUID().slice(0, 8).toUpperCase()}`, ownerId: demo.ownerId }, select: { id: true } });
      courseId = (await course(courseSlug, `Gradebook ${run}`)).id;
      quietCourseId = (await course(`quiet-${run}`, `Quiet ${run}`)).id;
      bareCourseId = (await course(`bare-${run}`, `Bare ${run}`)).id;
      items = await copyItems(courseId, run);
      await copyItems(quietCourseId, `q${run}`, ["mul-layer", "relu"], ["relu"]);
      const hash = await hashPassword(PASSWORD);
      for (const [i, email] of emails.entries()) {
        const user = await db().user.create({ data: { email, name: names[i] ?? null, role: "student", passwordHash: hash }, select: { id: true } });
        userIds.push(user.id);
        await db().enrollment.create({ data: { userId: user.id, courseId } });
      }
      // One student in the quiet course, who has not submitted anything.
      const quiet = await db().user.create({ data: { email: `quiet-${run}@example.com`, role: "student", passwordHash: hash }, select: { id: true } });
      await db().enrollment.create({ data: { userId: quiet.id, courseId: quietCourseId } });

      // Code items: student i scored SCORES[i] on every code item but mul-layer (one stored attempt each).
      const at = new Date(Date.now() - 3_600_000);
      const codeItems = [...items.entries()].filter(([slug, it]) => it.kind === "code" && slug !== "mul-layer");
      for (const [i, userId] of userIds.entries()) {
        const score = SCORES[i] ?? 0;
        for (const [, it] of codeItems) {
          await db().submission.create({ data: { userId, exerciseId: it.id, exerciseVersionId: it.versionId, code: "// stored", seed: 1, mode: "hidden", status: "graded", gradable: true, score, createdAt: at } });
          await db().progress.create({ data: { userId, exerciseId: it.id, bestScore: score, attempts: 1, completedAt: score >= 1 ? at : null } });
        }
      }
      // mul-layer, to be regraded: Ada's stored 30 % is really the reference solution (100 % now);
      // Ben's stored 100 % is an empty class (0 % now).
      const mul = item("mul-layer");
      for (const [userId, code, score] of [
        [userIds[0] ?? "", SOLUTION, 0.3],
        [userIds[1] ?? "", "export class MulLayer {}\n", 1],
      ] as const) {
        await db().submission.create({ data: { userId, exerciseId: mul.id, exerciseVersionId: mul.versionId, code, seed: 11, mode: "hidden", status: "graded", gradable: true, score, createdAt: at } });
        await db().progress.create({ data: { userId, exerciseId: mul.id, bestScore: score, attempts: 1, completedAt: score >= 1 ? at : null } });
      }
      // Ada's quiz answers, stored with internal ids (the numeric item's fields, the order item's positions).
      const ada = userIds[0] ?? "";
      const partials = item("apple-partials");
      await db().quizAnswer.create({
        data: { userId: ada, exerciseId: partials.id, exerciseVersionId: partials.versionId, seed: 5, answer: { kind: "numeric", values: { dApple: 2.2, dAppleNum: 110, dTax: 200 } }, correct: false, score: 0.7, createdAt: at },
      });
      await db().progress.create({ data: { userId: ada, exerciseId: partials.id, bestScore: 0.7, attempts: 1 } });
      const order = item("backprop-order");
      await db().quizAnswer.create({
        data: { userId: ada, exerciseId: order.id, exerciseVersionId: order.versionId, seed: 5, answer: { kind: "order", order: ["factor-b", "factor-a", "factor-c", "factor-d"] }, correct: false, score: 0, gradable: true, createdAt: at },
      });
      await db().progress.create({ data: { userId: ada, exerciseId: order.id, bestScore: 0, attempts: 1 } });
    });

    it("the names and the totals stay in view while the grid scrolls sideways; no header is cut; full titles on hover; every band in the legend", async () => {
      const teacher = await signedIn("instructor@example.com", DEMO_PASSWORD);
      await teacher.goto(`/instructor/courses/${courseId}`);
      const table = teacher.getByTestId("gradebook");
      await table.waitFor();
      await teacher.getByText(`${names.length} students · ${items.size} items`).waitFor();
      await teacher.screenshot({ path: shot(`gradebook-matrix-${viewport.name}`), fullPage: false });

      const scroller = teacher.locator(".gb-scroll");
      const overflow = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow, "the grid is wider than its scroller").toBeGreaterThan(200);

      // Every header whole: its label inside its cell, the cell inside the table's header row.
      const cut = await table.locator("thead th").evaluateAll((ths) =>
        ths
          .map((th) => {
            const cell = th.getBoundingClientRect();
            const link = th.querySelector(".gb-head-label") ?? th.querySelector("a");
            const label = link?.getBoundingClientRect();
            const clipped =
              !label ||
              label.left < cell.left - 1 ||
              label.right > cell.right + 1 ||
              label.top < cell.top - 1 ||
              label.bottom > cell.bottom + 1 ||
              (link && (link.scrollWidth > link.clientWidth + 1 || link.scrollHeight > link.clientHeight + 1));
            return clipped ? (th.textContent ?? "?") : null;
          })
          .filter((x) => x !== null),
      );
      expect(cut).toEqual([]);
      // The line that explains the cells is whole too (not cut at the scroller's edge).
      const caption = await teacher.getByText(`${names.length} of ${names.length} students · cell = credited score`).boundingBox();
      expect(caption && caption.x + caption.width).toBeLessThanOrEqual(viewport.width);

      // Full titles: on hover (title) and as the header link's accessible name.
      const mul = item("mul-layer");
      const header = table.locator("thead").getByRole("link", { name: new RegExp(`^${mul.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(${mul.slug}, \\d+ points?\\)$`) });
      await header.waitFor();
      expect(await header.getAttribute("title")).toContain(mul.title);
      expect(await header.innerText()).toContain(mul.slug);

      // Legend: every band a cell uses.
      const used = await table.locator("td.gb-cell").evaluateAll((tds) => [...new Set(tds.flatMap((td) => [...td.classList].filter((c) => /^gb-(s\d|none)$/.test(c))))]);
      expect(used.length).toBeGreaterThanOrEqual(7);
      const legend = teacher.getByRole("list", { name: /Colour legend/ });
      for (const band of used) expect(await legend.locator(`.${band}`).count(), band).toBe(1);
      await legend.getByText("20–39 %").waitFor();
      await legend.getByText("60–79 %").waitFor();

      // Scroll to the middle, then to the far right: Ada's name and total stay inside the scroller, on top.
      const ada = table.getByRole("row").filter({ hasText: emails[0] ?? "" });
      const nameCell = ada.locator("th.gb-student");
      const totalCell = ada.locator("td.gb-total");
      // The whole scroller in the window (elementFromPoint sees only what is in view).
      await scroller.evaluate((el) => el.scrollIntoView({ block: "start" }));
      for (const to of [0.5, 1]) {
        await scroller.evaluate((el, f) => {
          el.scrollLeft = (el.scrollWidth - el.clientWidth) * f;
        }, to);
        const box = await scroller.boundingBox();
        const nameBox = await nameCell.boundingBox();
        const totalBox = await totalCell.boundingBox();
        if (!box || !nameBox || !totalBox) throw new Error("no boxes");
        expect(nameBox.x, `name at ${to}`).toBeGreaterThanOrEqual(box.x - 1);
        expect(nameBox.x + nameBox.width, `name at ${to}`).toBeLessThanOrEqual(box.x + box.width + 1);
        expect(totalBox.x, `total at ${to}`).toBeGreaterThanOrEqual(box.x - 1);
        expect(totalBox.x + totalBox.width, `total at ${to}`).toBeLessThanOrEqual(box.x + box.width + 1);
        expect(totalBox.x, `the total right of the name at ${to}`).toBeGreaterThanOrEqual(nameBox.x + nameBox.width - 1);
        // On top: the cell under each one's centre is that cell (no item cell painted over it).
        for (const [which, b] of [
          ["name", nameBox],
          ["total", totalBox],
        ] as const) {
          const onTop = await teacher.evaluate(
            ({ x, y, cls }) => Boolean(document.elementFromPoint(x, y)?.closest(`.${cls}`)),
            { x: b.x + b.width / 2, y: b.y + b.height / 2, cls: which === "name" ? "gb-student" : "gb-total" },
          );
          expect(onTop, `${which} on top at ${to}`).toBe(true);
        }
      }
      await teacher.screenshot({ path: shot(`gradebook-scrolled-${viewport.name}`), fullPage: false });
      await teacher.context().close();
    });

    it("per-item cards link to the item; a student's quiz answers read as the student saw them", async () => {
      const teacher = await signedIn("instructor@example.com", DEMO_PASSWORD);
      await teacher.goto(`/instructor/courses/${courseId}`);
      const relu = item("relu");
      const card = teacher.getByTestId(`item-stats-${relu.slug}`);
      await card.getByRole("link", { name: relu.title }).click();
      await teacher.waitForURL((u) => u.pathname === `/instructor/courses/${courseId}/items/${relu.id}`);
      await teacher.getByRole("heading", { name: `Edit ${relu.slug}` }).waitFor();

      await teacher.goto(`/instructor/courses/${courseId}`);
      await teacher.getByRole("link", { name: names[0] }).first().click();
      await teacher.getByRole("heading", { name: names[0] }).waitFor();
      const partials = teacher.getByRole("region", { name: new RegExp(item("apple-partials").title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
      await partials.locator("summary").first().click();
      const shown = partials.getByTestId("answer-as-shown");
      await shown.getByRole("row", { name: /dApple = ∂price\/∂apple\s+2\.2/ }).waitFor();
      await shown.getByRole("row", { name: /dTax = ∂price\/∂tax\s+200/ }).waitFor();
      expect(await partials.innerText()).not.toContain('"kind"');
      const order = teacher.getByRole("region", { name: new RegExp(item("backprop-order").title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
      await order.locator("summary").first().click();
      const steps = order.getByTestId("answer-as-shown").getByRole("listitem");
      expect(await steps.count()).toBe(4);
      // Derivative factors such as g'(f(x)), never the internal ids.
      for (const text of await steps.allInnerTexts()) {
        expect(text).toMatch(/'\(/);
        expect(text).not.toMatch(/factor-/);
      }
      await partials.screenshot({ path: shot(`gradebook-student-answers-numeric-${viewport.name}`) });
      await order.screenshot({ path: shot(`gradebook-student-answers-order-${viewport.name}`) });
      await teacher.context().close();
    });

    it("a regrade keeps the higher score when asked, after saying how many grades would go down; the student whose grade changed is told", async () => {
      const teacher = await signedIn("instructor@example.com", DEMO_PASSWORD);
      const mul = item("mul-layer");
      await teacher.goto(`/instructor/courses/${courseId}/items/${mul.id}`);
      const panel = teacher.getByTestId("regrade");
      await panel.getByRole("button", { name: "Dry-run regrade" }).click();
      await panel.getByTestId("regrade-lower").filter({ hasText: "1 student's grade would go down." }).waitFor({ timeout: 90_000 });
      await panel.getByRole("radio", { name: /Keep the higher score/ }).check();
      // A new option asks for a new dry run before anything can be applied.
      expect(await panel.getByRole("button", { name: "Apply regrade" }).isDisabled()).toBe(true);
      await panel.getByRole("button", { name: "Dry-run regrade" }).click();
      await panel.getByTestId("regrade-lower").filter({ hasText: "No grade goes down (keeping the higher score spares 1 student)." }).waitFor({ timeout: 90_000 });
      await panel.screenshot({ path: shot(`gradebook-regrade-dry-run-${viewport.name}`) });
      await panel.getByRole("button", { name: "Apply regrade" }).click();
      await panel.getByRole("status").filter({ hasText: /^Applied:/ }).waitFor({ timeout: 90_000 });
      await panel.getByText("The student whose grade changed sees a notice on the course and item pages.").waitFor();
      // Ben kept his 100 %, Ada went from 30 % to 100 %.
      const best = async (i: number) => (await db().progress.findUniqueOrThrow({ where: { userId_exerciseId: { userId: userIds[i] ?? "", exerciseId: mul.id } } })).bestScore;
      expect(await best(1)).toBe(1);
      expect(await best(0)).toBe(1);
      await teacher.context().close();

      const ada = await signedIn(emails[0] ?? "", PASSWORD);
      await ada.goto(`/courses/${courseSlug}`);
      const notice = ada.getByTestId("grade-notices").getByRole("status").filter({ hasText: `Your grade for ${mul.title} changed from 30 % to 100 % after a regrade` });
      await notice.waitFor();
      await ada.screenshot({ path: shot(`gradebook-student-notice-course-${viewport.name}`), fullPage: true });
      await notice.getByRole("link", { name: mul.title }).click();
      await ada.waitForURL((u) => u.pathname === `/courses/${courseSlug}/${mul.slug}`);
      await ada.getByTestId("grade-notices").getByText("changed from 30 % to 100 % after a regrade").waitFor();
      await ada.screenshot({ path: shot(`gradebook-student-notice-item-${viewport.name}`), fullPage: false });
      await ada.context().close();
      const ben = await signedIn(emails[1] ?? "", PASSWORD);
      await ben.goto(`/courses/${courseSlug}`);
      await ben.getByRole("heading", { name: `Gradebook ${run}` }).waitFor();
      expect(await ben.getByTestId("grade-notices").count()).toBe(0);
      await ben.context().close();
      // Two grading passes of the real grader on a shared machine: more than the default minute.
    }, 240_000);

    it("empty courses say what to do next, with links; counts read '1 student'", async () => {
      const teacher = await signedIn("instructor@example.com", DEMO_PASSWORD);
      await teacher.goto(`/instructor/courses/${bareCourseId}`);
      const bare = teacher.getByTestId("gradebook-empty");
      await bare.getByRole("heading", { name: "No items yet" }).waitFor();
      expect(await teacher.getByTestId("gradebook").count()).toBe(0);
      await teacher.getByText("0 students · 0 items").waitFor();
      await teacher.screenshot({ path: shot(`gradebook-empty-items-${viewport.name}`), fullPage: true });
      await bare.getByRole("link", { name: "Create an item in the browser" }).click();
      await teacher.waitForURL((u) => u.pathname === `/instructor/courses/${bareCourseId}/items/new`);

      await teacher.goto(`/instructor/courses/${quietCourseId}`);
      const quiet = teacher.getByTestId("gradebook-empty");
      await quiet.getByRole("heading", { name: "No submissions yet" }).waitFor();
      await teacher.getByText("1 student · 2 items").waitFor();
      await teacher.getByText("1 of 1 student").waitFor();
      await quiet.getByRole("link", { name: "1 of 2 items is hidden from students: show it on the Items page" }).waitFor();
      await teacher.screenshot({ path: shot(`gradebook-empty-submissions-${viewport.name}`), fullPage: true });
      await quiet.getByRole("link", { name: "Open the course as students see it" }).click();
      await teacher.waitForURL((u) => u.pathname === `/courses/quiet-${run}`);
      await teacher.context().close();
    });
  });
}
