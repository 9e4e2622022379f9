"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";

// Archive or restore a course (decision 122), the owner only; archiving asks first.

export type ArchiveState = { ok: true } | { ok: false; message: string } | null;

export function ArchivePanel({
  courseId,
  archived,
  isOwner,
  setArchived,
}: {
  courseId: string;
  archived: boolean;
  isOwner: boolean;
  setArchived: (prev: ArchiveState, form: FormData) => Promise<ArchiveState>;
}) {
  const t = useTranslations("courseAdmin");
  const [state, action, pending] = useActionState(setArchived, null);
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="card stack" aria-labelledby="archive-heading">
      <h2 id="archive-heading">{archived ? t("archive.restoreHeading") : t("archive.heading")}</h2>
      <p className="muted">{archived ? t("archive.restoreExplain") : t("archive.explain")}</p>
      {!isOwner ? (
        <p className="muted">{t("archive.ownerOnly")}</p>
      ) : archived ? (
        <form action={action}>
          <input type="hidden" name="courseId" value={courseId} />
          <input type="hidden" name="archived" value="false" />
          <button type="submit" className="button button--small" disabled={pending}>
            {t("archive.restore")}
          </button>
        </form>
      ) : confirming ? (
        <form action={action} className="confirm-box stack">
          <input type="hidden" name="courseId" value={courseId} />
          <input type="hidden" name="archived" value="true" />
          <p>{t("archive.confirm")}</p>
          <p className="course-actions">
            <button type="submit" className="button button--small" disabled={pending}>
              {t("archive.confirmYes")}
            </button>
            <button type="button" className="button button--small button--secondary" onClick={() => setConfirming(false)}>
              {t("cancel")}
            </button>
          </p>
        </form>
      ) : (
        <p>
          <button type="button" className="button button--small button--secondary" onClick={() => setConfirming(true)}>
            {t("archive.archive")}
          </button>
        </p>
      )}
      {state && !state.ok && (
        <p role="alert" className="alert">
          {state.message}
        </p>
      )}
    </section>
  );
}

/** Restore in the instructor home's "Archived" list (no confirmation: restoring loses nothing). */
export function RestoreButton({ courseId, title, setArchived }: { courseId: string; title: string; setArchived: (prev: ArchiveState, form: FormData) => Promise<ArchiveState> }) {
  const t = useTranslations("courseAdmin");
  const [state, action, pending] = useActionState(setArchived, null);
  return (
    <form action={action}>
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="archived" value="false" />
      <button type="submit" className="button button--small" disabled={pending} aria-label={t("archive.restoreNamed", { title })}>
        {t("archive.restore")}
      </button>
      {state && !state.ok && (
        <p role="alert" className="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
