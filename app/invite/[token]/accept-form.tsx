"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { AcceptState } from "./actions";

export function AcceptInvitationForm({ token, action }: { token: string; action: (prev: AcceptState, form: FormData) => Promise<AcceptState> }) {
  const t = useTranslations("invites");
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="stack">
      <input type="hidden" name="token" value={token} />
      {state && (
        <p className="alert" role="alert">
          {state.message}
        </p>
      )}
      <div>
        <button type="submit" className="button" disabled={pending}>
          {t("page.accept")}
        </button>
      </div>
    </form>
  );
}
