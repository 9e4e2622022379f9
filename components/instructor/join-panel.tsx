"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState, useSyncExternalStore } from "react";

// The course's join link and join code, each with a copy button, and "Regenerate the code" with a
// confirmation first (decision 122): the old code and every link made from it stop working.

export type RegenerateState = { ok: true; joinCode: string } | { ok: false; message: string } | null;

const noSubscription = () => () => undefined;

function CopyButton({ text, label, copiedLabel }: { text: string; label: string; copiedLabel: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(text);
    } catch {
      // No clipboard (plain HTTP, or refused): the field stays there to select and copy by hand.
      setCopied(null);
    }
  }
  return (
    <button type="button" className="button button--small" onClick={() => void copy()} aria-live="polite">
      {copied === text ? copiedLabel : label}
    </button>
  );
}

export function JoinPanel({
  courseId,
  joinCode,
  archived,
  regenerate,
}: {
  courseId: string;
  joinCode: string;
  archived: boolean;
  regenerate: (prev: RegenerateState, form: FormData) => Promise<RegenerateState>;
}) {
  const t = useTranslations("courseAdmin");
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "");
  const [state, action, pending] = useActionState(regenerate, null);
  const [confirming, setConfirming] = useState(false);
  const [handled, setHandled] = useState<RegenerateState>(null);
  if (state !== handled) {
    setHandled(state);
    if (state?.ok) setConfirming(false);
  }
  // The page re-renders with the new code after the action; the action's answer covers the moment between.
  const code = state?.ok ? state.joinCode : joinCode;
  const link = `${origin}/join/${code}`;
  return (
    <section className="card stack" aria-labelledby="join-panel-heading">
      <h2 id="join-panel-heading">{t("join.heading")}</h2>
      {archived ? <p className="alert">{t("join.archived")}</p> : <p className="muted">{t("join.intro")}</p>}
      <div className="join-panel__row">
        <label>
          {t("join.linkLabel")}
          <input type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} data-testid="join-link" />
        </label>
        <CopyButton text={link} label={t("join.copyLink")} copiedLabel={t("join.copied")} />
      </div>
      <div className="join-panel__row">
        <div>
          <div className="muted">{t("join.codeLabel")}</div>
          <div className="join-panel__code" data-testid="join-code">
            {code}
          </div>
        </div>
        <CopyButton text={code} label={t("join.copyCode")} copiedLabel={t("join.copied")} />
      </div>
      {state?.ok && <p role="status">{t("join.regenerated")}</p>}
      {state && !state.ok && (
        <p role="alert" className="alert">
          {state.message}
        </p>
      )}
      {confirming ? (
        <form action={action} className="confirm-box stack">
          <input type="hidden" name="courseId" value={courseId} />
          <p>{t("join.confirm", { code })}</p>
          <p className="course-actions">
            <button type="submit" className="button button--small" disabled={pending}>
              {t("join.confirmYes")}
            </button>
            <button type="button" className="button button--small button--secondary" onClick={() => setConfirming(false)}>
              {t("cancel")}
            </button>
          </p>
        </form>
      ) : (
        <p>
          <button type="button" className="button button--small button--secondary" onClick={() => setConfirming(true)}>
            {t("join.regenerate")}
          </button>
        </p>
      )}
    </section>
  );
}
