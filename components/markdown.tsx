import "katex/dist/katex.min.css";
import { appleGraph, appleOrangeGraph, chainRuleGraph, type GraphSpec } from "@/lib/engine";
import { graphDisplay, type GraphDisplay } from "@/lib/exercises/graph-display";
import { useTranslations } from "next-intl";
import { GraphFigure } from "./graph-figure";
import { renderMarkdown, substituteVars } from "./render-markdown";

// Server component: the HTML is produced by render-markdown.ts (escapes author HTML, KaTeX
// output only); the KaTeX stylesheet and its fonts are bundled from the katex package.
//
// A fenced block with the language `graph` becomes an SVG figure of a computational graph:
//
//     ```graph
//     apple {{apple}} {{appleNum}} {{tax}}
//     ```
//
// The first word names one of the engine's example graphs (apple, apple-orange, chain-rule) and
// the numbers are its arguments; a JSON GraphSpec works too. A trailing word `forward` hides the
// gradients (for figures that must not give away a backward answer): they are not computed into
// what the figure receives, so the page does not hold them either.

const FENCE = /^```graph[ \t]*\n([\s\S]*?)\n```[ \t]*$/gm;

type Part = { kind: "md"; text: string } | { kind: "graph"; display: GraphDisplay; title: string } | { kind: "bad"; message: string };

/** The graph namespace's translator (only the keys parseFigure uses). */
type FigureText = (key: "titleApple" | "titleAppleOrange" | "titleSpec" | "badArguments" | "unknownGraph", values?: { name: string }) => string;

function parseFigure(body: string, t: FigureText): Part {
  const text = body.trim();
  try {
    if (text.startsWith("{")) {
      const spec = JSON.parse(text) as GraphSpec;
      return { kind: "graph", display: graphDisplay(spec, { values: true, grads: true }), title: t("titleSpec") };
    }
    const words = text.split(/\s+/);
    const name = words[0] ?? "";
    const grads = words[words.length - 1] !== "forward";
    const nums = words.slice(1, grads ? undefined : -1).map(Number);
    if (nums.some((n) => !Number.isFinite(n))) throw new Error(t("badArguments", { name }));
    const arg = (i: number): number => nums[i] ?? NaN;
    const make: Record<string, () => [GraphSpec, string]> = {
      apple: () => [appleGraph(arg(0), arg(1), arg(2)), t("titleApple")],
      "apple-orange": () => [appleOrangeGraph(arg(0), arg(1), arg(2), arg(3), arg(4)), t("titleAppleOrange")],
      "chain-rule": () => [chainRuleGraph(arg(0), arg(1)), "z = t², t = x + y"],
    };
    const build = make[name];
    if (!build) throw new Error(t("unknownGraph", { name }));
    const [spec, title] = build();
    return { kind: "graph", display: graphDisplay(spec, { values: true, grads }), title };
  } catch (e) {
    return { kind: "bad", message: e instanceof Error ? e.message : String(e) };
  }
}

function splitParts(source: string, t: FigureText): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of source.matchAll(FENCE)) {
    const at = m.index;
    if (at > last) parts.push({ kind: "md", text: source.slice(last, at) });
    parts.push(parseFigure(m[1] ?? "", t));
    last = at + m[0].length;
  }
  if (last < source.length) parts.push({ kind: "md", text: source.slice(last) });
  return parts;
}

export function Markdown({
  source,
  vars,
  className,
}: {
  source: string;
  vars?: Record<string, string | number>;
  className?: string;
}) {
  const t = useTranslations("graph");
  const parts = splitParts(substituteVars(source, vars), t);
  return (
    <div className={["prose", className].filter(Boolean).join(" ")}>
      {parts.map((p, i) =>
        p.kind === "md" ? (
          <div key={i} dangerouslySetInnerHTML={{ __html: renderMarkdown(p.text) }} />
        ) : p.kind === "graph" ? (
          <GraphFigure key={i} graph={p.display} title={p.title} />
        ) : (
          <p key={i} className="cr-alert cr-alert-error">
            {t("figureError", { message: p.message })}
          </p>
        ),
      )}
    </div>
  );
}
