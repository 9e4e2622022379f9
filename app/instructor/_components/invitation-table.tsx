import { getTranslations } from "next-intl/server";
import type { InvitationRow } from "@/lib/data/invitations";
import { LocalTime } from "@/components/course/local-time";
import "@/components/accounts/accounts.css";
import { revokeInvitationAction } from "../courses/[courseId]/people/actions";

/** Recent invitations with their state; open ones can be revoked. `back`: the page to refresh. */
export async function InvitationTable({ rows, back, label }: { rows: InvitationRow[]; back: string; label: string }) {
  const t = await getTranslations("invites");
  if (rows.length === 0) return <p className="muted">{t("list.none")}</p>;
  return (
    <div className="accounts-table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t("list.for")}</th>
            <th scope="col">{t("list.created")}</th>
            <th scope="col">{t("list.status")}</th>
            <th scope="col" aria-label={t("list.actions")} />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-invitation={r.status}>
              <td>{r.note || t("list.noNote")}</td>
              <td>
                <LocalTime iso={r.createdAt.toISOString()} />
              </td>
              <td>
                {t(`list.state.${r.status}`)}
                {r.usedBy && ` · ${t("list.usedBy", { email: r.usedBy })}`}
              </td>
              <td>
                {r.status === "open" && (
                  <form action={revokeInvitationAction}>
                    <input type="hidden" name="invitationId" value={r.id} />
                    <input type="hidden" name="back" value={back} />
                    <button type="submit" className="button button--small button--secondary" aria-label={t("list.revokeFor", { note: r.note || t("list.noNote") })}>
                      {t("list.revoke")}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
