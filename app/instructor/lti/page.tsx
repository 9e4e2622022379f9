import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requirePageInstructor } from "@/lib/auth/session";
import { isSiteAdmin, listPlatforms, toolRegistrationValues } from "@/lib/lti/platforms";
import { listToolKeys } from "@/lib/lti/tool-keys";
import { formatTime } from "@/lib/i18n/format";
import { getRequestLocale } from "@/lib/i18n/server";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import { RegisterPlatformForm } from "@/components/instructor/register-platform-form";
import { registerPlatformAction, removePlatformAction, rotateKeyAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructorLti"))("metaTitle") };
}

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
  const [t, common, locale] = await Promise.all([getTranslations("instructorLti"), getTranslations("instructor"), getRequestLocale()]);
  const zone = viewerTimeZone(viewer);
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{common("title")}</Link> / {t("crumb")}
      </p>
      <h1>{t("title")}</h1>
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
        <h2 id="paste">{t("paste")}</h2>
        <table className="table">
          <tbody>
            <tr>
              <th scope="row">{t("loginUrl")}</th>
              <td>
                <code data-value="login">{values.loginUrl}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">{t("launchUrl")}</th>
              <td>
                <code data-value="launch">{values.launchUrl}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">{t("deepLinkingUrl")}</th>
              <td>
                <code data-value="deep-linking">{values.deepLinkingUrl}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">{t("jwksUrl")}</th>
              <td>
                <code data-value="jwks">{values.jwksUrl}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">{t("domain")}</th>
              <td>
                <code>{values.domain}</code>
              </td>
            </tr>
          </tbody>
        </table>
        <p className="muted">{t("docs")}</p>
      </section>
      {!admin ? (
        <p className="muted">{t.rich("notAdmin", { email: viewer.email, code: (chunks) => <code>{chunks}</code> })}</p>
      ) : (
        <>
          <section className="card stack" aria-labelledby="platforms">
            <h2 id="platforms">{t("registered")}</h2>
            {platforms.length === 0 && <p className="muted">{t("noneYet")}</p>}
            {platforms.map((p) => (
              <div key={p.id} className="stack">
                <h3>{p.name}</h3>
                <table className="table">
                  <tbody>
                    <tr><th scope="row">{t("issuer")}</th><td><code>{p.issuer}</code></td></tr>
                    <tr><th scope="row">{t("clientId")}</th><td><code>{p.clientId}</code></td></tr>
                    <tr><th scope="row">{t("deploymentIds")}</th><td>{p.deploymentIds.join(", ")}</td></tr>
                    <tr><th scope="row">{t("authLoginUrl")}</th><td><code>{p.authLoginUrl}</code></td></tr>
                    <tr><th scope="row">{t("tokenUrl")}</th><td><code>{p.tokenUrl}</code></td></tr>
                    <tr><th scope="row">{t("platformJwksUrl")}</th><td><code>{p.jwksUrl}</code></td></tr>
                    <tr><th scope="row">{t("mayFrame")}</th><td>{p.frameOrigins.join(" ")}</td></tr>
                    <tr><th scope="row">{t("trustEmail")}</th><td>{p.trustEmail ? t("yes") : t("no")}</td></tr>
                  </tbody>
                </table>
                <details>
                  <summary>{t("removeSummary", { name: p.name })}</summary>
                  <form action={removePlatformAction} className="stack">
                    <p className="muted">{t("removeText")}</p>
                    <input type="hidden" name="platformId" value={p.id} />
                    <button className="button button--small button--secondary" type="submit">
                      {t("removeForGood", { name: p.name })}
                    </button>
                  </form>
                </details>
              </div>
            ))}
          </section>
          <RegisterPlatformForm action={registerPlatformAction} />
          <section className="card stack" aria-labelledby="keys">
            <h2 id="keys">{t("keys")}</h2>
            <ul>
              {keys.map((k) => (
                <li key={k.kid}>
                  <code>{k.kid}</code> ·{" "}
                  {t("keyLine", {
                    slot: k.slot,
                    since: formatTime(k.createdAt, { zone, locale, style: "short" }),
                  })}
                </li>
              ))}
            </ul>
            <form action={rotateKeyAction}>
              <button className="button button--small button--secondary" type="submit">
                {t("rotate")}
              </button>
            </form>
            <p className="muted">{t("rotateText")}</p>
          </section>
        </>
      )}
    </div>
  );
}
