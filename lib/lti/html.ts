import type { ServerResponse } from "node:http";
import type { Locale } from "@/lib/i18n/locales";
import { translatorFor, userTextIn } from "@/lib/i18n/translate";
import { newNonce } from "@/lib/security-headers";

// The few HTML pages the launch flow answers with itself (before any session exists, often inside
// the LMS's iframe): a refusal naming the failed check, the "open in a new window" fallback, and
// the self-submitting form that carries a signed message back to the LMS. Plain HTML with its own
// strict policy; the one script (submitting the form) runs under a nonce, and the form also has a
// button for browsers that run no script.

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch);
}

export interface HtmlPage {
  status: number;
  html: string;
  /** The Content-Security-Policy of this page. */
  csp: string;
}

/** frame-ancestors: this site and the registered platforms, so the page shows inside the LMS. */
function policy({ frameAncestors, nonce, formAction }: { frameAncestors: readonly string[]; nonce?: string; formAction?: string }): string {
  return [
    "default-src 'none'",
    `script-src ${nonce ? `'nonce-${nonce}'` : "'none'"}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    `form-action ${formAction ?? "'self'"}`,
    `frame-ancestors 'self' ${frameAncestors.join(" ")}`.trim(),
  ].join("; ");
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:40rem;padding:0 1rem;color:#1d2433}
h1{font-size:1.3rem}code{background:#f1f3f7;padding:0 .25rem;border-radius:3px}.muted{color:#5b6475}
.button{display:inline-block;background:#2f5bd3;color:#fff;border:0;border-radius:6px;padding:.55rem 1rem;font:inherit;cursor:pointer;text-decoration:none}`;

function document(locale: Locale, title: string, body: string, nonceScript?: { nonce: string; code: string }): string {
  const script = nonceScript ? `<script nonce="${nonceScript.nonce}">${nonceScript.code}</script>` : "";
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · Chainrule</title><style>${STYLE}</style></head><body>${body}${script}</body></html>`;
}

// The pages come before any session, so their language is the browser's (Accept-Language, the
// locale cookie: localeOfNodeRequest); the check's name stays as the specification spells it.
const CHECK_MARK = "\u0000check\u0000";

/**
 * A refused launch or login: what failed (the check's name) and what to do. `message` may carry
 * userText references (LaunchRefusal's messages do); they are read in `locale`.
 */
export function refusalPage(locale: Locale, check: string, message: string, status: number, frameAncestors: readonly string[]): HtmlPage {
  const t = translatorFor(locale, "ltiLaunch.page");
  const failed = escapeHtml(t("failedCheck", { check: CHECK_MARK })).replace(CHECK_MARK, `<code data-check>${escapeHtml(check)}</code>`);
  const body = `<main><h1>${escapeHtml(t("refusedHeading"))}</h1><p>${escapeHtml(userTextIn(locale, message))}</p><p class="muted">${failed}</p></main>`;
  return { status, html: document(locale, t("refusedTitle"), body), csp: policy({ frameAncestors }) };
}

/**
 * The browser did not send back the cookie set at login: it blocks cookies in the LMS's frame. The
 * same login, started again in a window of its own (a first-party context), works.
 */
export function newWindowPage(locale: Locale, loginUrl: string, frameAncestors: readonly string[]): HtmlPage {
  const t = translatorFor(locale, "ltiLaunch.page");
  const body = `<main><h1>${escapeHtml(t("newWindowHeading"))}</h1><p>${escapeHtml(t("newWindowText"))}</p><p><a class="button" href="${escapeHtml(loginUrl)}" target="_blank" rel="noopener">${escapeHtml(t("newWindowTitle"))}</a></p></main>`;
  return { status: 200, html: document(locale, t("newWindowTitle"), body), csp: policy({ frameAncestors }) };
}

/** A form that posts `fields` to `action` (another site: the LMS) by itself, with a button as fallback. */
export function autoPostPage(locale: Locale, title: string, action: string, fields: Record<string, string>, frameAncestors: readonly string[]): HtmlPage {
  const nonce = newNonce();
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  const body = `<main><h1>${escapeHtml(title)}</h1><form method="post" action="${escapeHtml(action)}">${inputs}<button class="button" type="submit">${escapeHtml(translatorFor(locale, "ltiLaunch.page")("continueToLms"))}</button></form></main>`;
  const origin = new URL(action).origin;
  return { status: 200, html: document(locale, title, body, { nonce, code: "document.forms[0].submit();" }), csp: policy({ frameAncestors, nonce, formAction: origin }) };
}

/**
 * Sends a page from a Pages Router route: its own policy replaces the site's (next.config.js sets
 * frame-ancestors 'none' and X-Frame-Options DENY on every response, which would blank the LMS's frame).
 */
export function sendPage(res: ServerResponse, page: HtmlPage): void {
  res.removeHeader("X-Frame-Options");
  res.setHeader("content-security-policy", page.csp);
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.statusCode = page.status;
  res.end(page.html);
}
