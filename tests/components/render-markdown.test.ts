import { describe, expect, it } from "vitest";
import { renderMarkdown, substituteVars } from "@/components/render-markdown";

describe("renderMarkdown", () => {
  it("renders inline and display math with KaTeX", () => {
    const html = renderMarkdown("The rule $\\frac{\\partial z}{\\partial x} = y$.\n\n$$\nz = t^2\n$$\n");
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="math-display"');
    expect(html).toContain("z = t^2"); // MathML annotation keeps the source for screen readers
  });

  it("does not treat prices as math", () => {
    expect(renderMarkdown("costs $5 and $6")).not.toContain("katex");
  });

  it("escapes raw HTML and drops script links", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("javascript:");
    expect(html).toContain("&lt;script&gt;");
  });

  it("leaves math inside code spans alone", () => {
    expect(renderMarkdown("`a $x$ b`")).toBe("<p><code>a $x$ b</code></p>\n");
  });

  it("substitutes the student's variant values", () => {
    expect(substituteVars("price {{ p }} x {{n}} {{missing}}", { p: 100, n: 2 })).toBe("price 100 x 2 {{missing}}");
  });
});
