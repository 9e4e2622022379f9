"use client";

import { useTranslations } from "next-intl";
import { useState, useSyncExternalStore } from "react";
import { LocalTime } from "@/components/course/local-time";
import "./accounts.css";

// A link shown once (invitation or password reset, decisions 120-121): only its hash is stored,
// so this is the one chance to copy it. The origin is the one the page was opened on.

const noSubscription = () => () => undefined;

/** `asCode`: the token may also be typed at /invite (invitations; reset links have no code form). */
export function OneTimeLink({ path, expiresAt, label, asCode = false }: { path: string; expiresAt: string; label: string; asCode?: boolean }) {
  const t = useTranslations("invites");
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "");
  const [copied, setCopied] = useState(false);
  const link = `${origin}${path}`;
  const code = path.split("/").pop() ?? "";
  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard (plain HTTP, or refused): the field below is selected for a manual copy.
      setCopied(false);
    }
  }
  return (
    <div className="one-time-link stack" role="status">
      <p>
        <strong>{t("link.shownOnce")}</strong>
      </p>
      <label className="one-time-link__field">
        {label}
        <input type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} data-one-time-link="" />
      </label>
      <p>
        <button type="button" className="button button--small" onClick={() => void copy()}>
          {copied ? t("link.copied") : t("link.copy")}
        </button>
      </p>
      <p className="muted">
        {asCode
          ? t.rich("link.codeAndExpiry", { code, time: () => <LocalTime iso={expiresAt} />, c: (chunks) => <code>{chunks}</code> })
          : t.rich("link.expiry", { time: () => <LocalTime iso={expiresAt} /> })}
      </p>
    </div>
  );
}
