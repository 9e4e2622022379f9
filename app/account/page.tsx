import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "./account-forms";
import { changePasswordAction, signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const viewer = await requirePageUser("/account");
  return (
    <div className="stack">
      <h1>Account</h1>
      <p className="muted">
        Signed in as <strong>{viewer.email}</strong> ({viewer.role}).
      </p>
      <section className="card stack">
        <ChangePasswordForm action={changePasswordAction} />
      </section>
      <section className="card stack" aria-labelledby="sessions">
        <h2 id="sessions">Sessions</h2>
        <p className="muted">Signed in on another computer, or left a lab machine signed in? This ends every session of your account, this one included.</p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="button button--secondary">
            Sign out everywhere
          </button>
        </form>
      </section>
    </div>
  );
}
