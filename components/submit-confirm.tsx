"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import type { SubmitConfirmation } from "@/lib/submissions/standing";
import "./student-ui.css";

// The confirm step before an answer that spends an attempt for little: the item is already solved,
// or this is the last attempt (lib/submissions/standing.ts decides). In the page, not a browser
// dialog, so it reads the same on a phone and says how many attempts remain.

export function SubmitConfirm({ confirmation, onConfirm, onCancel }: { confirmation: NonNullable<SubmitConfirmation>; onConfirm: () => void; onCancel: () => void }) {
  const t = useTranslations("confirmSubmit");
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  const left = confirmation.attemptsLeft;
  return (
    <div className="cr-alert cr-alert-warn" role="alertdialog" aria-labelledby="submit-confirm-text" data-testid="submit-confirm">
      <p id="submit-confirm-text" className="cr-confirm-text">
        {confirmation.reason === "solved"
          ? left === null
            ? t("solvedUnlimited")
            : t("solved", { count: left })
          : t("lastAttempt")}
      </p>
      <div className="cr-confirm-actions">
        <button ref={confirmRef} type="button" className="cr-btn cr-btn-primary" onClick={onConfirm}>
          {t("confirm")}
        </button>
        <button type="button" className="cr-btn" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    </div>
  );
}
