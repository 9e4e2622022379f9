import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requirePageInstructor } from "@/lib/auth/session";
import { isSiteAdmin, listPlatforms, toolRegistrationValues } from "@/lib/lti/platforms";
import { listToolKeys } from "@/lib/lti/tool-keys";
import { RegisterPlatformForm } from "@/components/instructor/register-platform-form";
import { registerPlatformAction, removePlatformAction, rotateKeyAction } from "./actions";

export const metadata: Metadata = { title: "LMS platforms (LTI 1.3)" };

const searchSchema = z.object({ saved: z.string().max(500).optional().catch(undefined), error: z.string().max(2000).optional().catch(undefined) });

// The LTI registry (docs/lti.md): the values to paste into the LMS, the registered platforms, the
// tool's keys. Site administrators change them; other instructors see the values only.
export default async function LtiAdminPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = searchSchema.parse(await props.searchParams);
  const viewer = await requirePageInstructor("/instructor/lti");
  const admin = await isSiteAdmin(viewer.id);
  const values = toolRegistrationValues();
  const platforms = admin ? await listPlatforms() : [];
  const keys = admin ? await listToolKeys() : [];
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">Instructor</Link> / LMS platforms
      </p>
      <h1>LMS platforms (LTI 1.3)</h1>
      {search.saved && (
        <p role="status">
          <strong>{search.saved}</strong>
        </p>
      )}
      {search.error && (
        <p className="alert" role="alert">
          {search.error}
        </p>
      )}
      <section className="card stack" aria-labelledby="paste">
        <h2 id="paste">Values to paste into the LMS</h2>
        <table className="table">
          <tbody>
            <tr>
              <th scope="row">Login initiation URL</th>
              <td>
                <code data-value="login">{values.loginUrl}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">Redirect URI / target link URI</th>
              <td>
                <code data-value="launch">{values.launchUrl}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">Deep linking URL</th>
              <td>
                <code data-value="deep-linking">{values.deepLinkingUrl}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">Public keyset (JWKS) URL</th>
              <td>
                <code data-value="jwks">{values.jwksUrl}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">Domain</th>
              <td>
                <code>{values.domain}</code>
              </td>
            </tr>
          </tbody>
        </table>
        <p className="muted">Step by step for Moodle and Canvas: docs/lti.md in the repository.</p>
      </section>
      {!admin ? (
        <p className="muted">Only site administrators register platforms and rotate keys. The operator makes you one: <code>npm run -s lti:admin -- --email {viewer.email}</code></p>
      ) : (
        <>
          <section className="card stack" aria-labelledby="platforms">
            <h2 id="platforms">Registered platforms</h2>
            {platforms.length === 0 && <p className="muted">None yet.</p>}
            {platforms.map((p) => (
              <div key={p.id} className="stack">
                <h3>{p.name}</h3>
                <table className="table">
                  <tbody>
                    <tr><th scope="row">Issuer</th><td><code>{p.issuer}</code></td></tr>
                    <tr><th scope="row">Client id</th><td><code>{p.clientId}</code></td></tr>
                    <tr><th scope="row">Deployment ids</th><td>{p.deploymentIds.join(", ")}</td></tr>
                    <tr><th scope="row">Login (OIDC auth) URL</th><td><code>{p.authLoginUrl}</code></td></tr>
                    <tr><th scope="row">Token URL</th><td><code>{p.tokenUrl}</code></td></tr>
                    <tr><th scope="row">JWKS URL</th><td><code>{p.jwksUrl}</code></td></tr>
                    <tr><th scope="row">May frame Chainrule</th><td>{p.frameOrigins.join(" ")}</td></tr>
                    <tr><th scope="row">Links accounts by email</th><td>{p.trustEmail ? "yes" : "no"}</td></tr>
                  </tbody>
                </table>
                <details>
                  <summary>Remove {p.name}…</summary>
                  <form action={removePlatformAction} className="stack">
                    <p className="muted">Its launches stop working, and its links, LMS courses, account links and pending grade passbacks are deleted (Chainrule accounts, courses and grades stay).</p>
                    <input type="hidden" name="platformId" value={p.id} />
                    <button className="button button--small button--secondary" type="submit">
                      Remove {p.name} for good
                    </button>
                  </form>
                </details>
              </div>
            ))}
          </section>
          <RegisterPlatformForm action={registerPlatformAction} />
          <section className="card stack" aria-labelledby="keys">
            <h2 id="keys">Chainrule&apos;s signing keys</h2>
            <ul>
              {keys.map((k) => (
                <li key={k.kid}>
                  <code>{k.kid}</code> · {k.slot} · since {k.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                </li>
              ))}
            </ul>
            <form action={rotateKeyAction}>
              <button className="button button--small button--secondary" type="submit">Rotate the signing key</button>
            </form>
            <p className="muted">The new key signs from now on; the old one stays in the JWKS until the next rotation, so LMSs that cached it keep working.</p>
          </section>
        </>
      )}
    </div>
  );
}
