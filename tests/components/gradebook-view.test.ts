import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { cellPercent, SCORE_BANDS, scoreBand } from "@/components/instructor/format";
import { GradebookLegend, GradebookMatrix, ItemStatsList } from "@/components/instructor/gradebook-view";
import { itemAnalytics, solvedPerDay } from "@/lib/gradebook/analytics";
import type { ChartSource } from "@/lib/gradebook/charts";
import { emptyKindOf } from "@/lib/gradebook/empty";
import { buildGradebook, cellsFromAttempts } from "@/lib/gradebook/stats";
import { loadMessages } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/locales";

// The grades matrix (issue 21, item 7): every colour band a cell uses is in the legend, the total
// column is marked to stay in view, item headers carry their full title for hover and for screen
// readers, counts are worded with plurals, and per-item cards link to the item.

const T0 = Date.UTC(2026, 11, 1, 9);

/** One student, and one item per colour band (10 %, 30 %, ... 100 %): a cell in every band. */
function book(): ChartSource {
  const students = [{ id: "u1", name: "Ada", email: "ada@example.com" }];
  const scores = [0.1, 0.3, 0.5, 0.7, 0.9, 1];
  const items = scores.map((_, i) => ({ id: `i${i}`, slug: `item-${i}`, title: `Backprop through layer ${i}: a long title`, kind: "code", points: 1, hidden: false }));
  const attempts = scores.map((score, i) => ({ userId: "u1", itemId: `i${i}`, at: T0 + i, score, diagnosisId: null }));
  const cells = cellsFromAttempts(attempts);
  const built = buildGradebook({ students, items, cells });
  return { ...built, analytics: { items: itemAnalytics(items, cells, attempts, new Map(), new Set(["u1"])), solvedPerDay: solvedPerDay(cells, "UTC") }, timeZone: "UTC" };
}

function render(element: ReactElement, locale: Locale = "en"): string {
  return renderToString(
    createElement(NextIntlClientProvider, {
      locale,
      messages: loadMessages(locale),
      timeZone: "UTC",
      onError: (error: Error) => {
        throw error;
      },
      children: element,
    }),
  );
}

const matrix = (b: ChartSource, locale: Locale = "en") => render(createElement(GradebookMatrix, { book: b, basePath: "/instructor/courses/c1", query: "", sort: "name", dir: "asc" }), locale);

describe("grades matrix", () => {
  it("the legend lists every band a cell uses", () => {
    const html = matrix(book());
    const used = new Set([...html.matchAll(/class="gb-cell (gb-[\w]+)"/g)].map((m) => m[1]));
    expect(used.size).toBe(6);
    const legend = render(createElement(GradebookLegend));
    const listed = new Set([...legend.matchAll(/data-band="(gb-[\w]+)"/g)].map((m) => m[1]));
    for (const band of used) expect(listed, band).toContain(band);
    expect(legend).toContain("20–39 %");
    expect(legend).toContain("60–79 %");
  });

  it("every shown percent falls in the band whose colour it gets, and only a full score is 100", () => {
    for (let i = 0; i <= 1000; i++) {
      const score = i / 1000;
      const p = cellPercent(score);
      const band = SCORE_BANDS.find((b) => b.className === scoreBand(score));
      expect(band && p >= band.from && p <= band.to, `${score} → ${p} in ${scoreBand(score)}`).toBe(true);
    }
    expect(cellPercent(0.996)).toBe(99);
    expect(scoreBand(0.996)).toBe("gb-s4");
    expect(scoreBand(1)).toBe("gb-s5");
  });

  it("the total column is marked sticky in the header, every row and the footer; item headers name the full title", () => {
    const b = book();
    const html = matrix(b);
    // Header + one row + two footer rows.
    expect(html.match(/gb-total/g)?.length).toBe(4);
    expect(html).toContain('aria-label="Backprop through layer 0: a long title (item-0, 1 point)"');
    expect(html).toContain('title="Backprop through layer 0: a long title (item-0, 1 point)"');
  });

  it("counts are worded with plurals in English: 1 attempt, 1 student", () => {
    const html = matrix(book());
    expect(html).toContain("1 attempt, last");
    expect(html).not.toContain("attempt(s)");
    expect(html).toContain("1 of 1 student ·");
    expect(html).toContain("max 6 points");
    // Korean counts need no plural forms; the same matrix renders.
    expect(matrix(book(), "ko")).toContain("시도 1회");
  });

  it("per-item cards link to the item", () => {
    const b = book();
    const html = render(createElement(ItemStatsList, { book: b, chartHref: (c: string) => `/charts/${c}`, itemHref: (id: string) => `/instructor/courses/c1/items/${id}` }));
    expect(html).toContain('href="/instructor/courses/c1/items/i0"');
  });

  it("an empty dashboard says what is missing: items first, then students, then submissions", () => {
    const b = book();
    expect(emptyKindOf({ items: [], rows: [] }, 3)).toBe("items");
    expect(emptyKindOf(b, 0)).toBe("students");
    expect(emptyKindOf({ items: b.items, rows: b.rows.map((r) => ({ ...r, cells: r.cells.map(() => null) })) }, 1)).toBe("submissions");
    expect(emptyKindOf(b, 1)).toBeNull();
  });
});
