"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireInstructor } from "@/lib/auth/session";
import { isAccessError } from "@/lib/data/access";
import { syncRoster } from "@/lib/lti/nrps";
import { resendScore } from "@/lib/lti/outbox";
import { registerPlatform, removePlatform, requireSiteAdmin } from "@/lib/lti/platforms";
import { rotateToolKey } from "@/lib/lti/tool-keys";
import type { RegisterPlatformFormState } from "@/components/instructor/register-platform-form";
import { readerText } from "@/lib/http/action-result";
import { userText } from "@/lib/i18n/user-text";

// Server actions of the LTI pages: thin, each validated with zod and authorized in lib/lti (site
// administrators for the registry and keys; the course's staff for roster and passback).

/** Back to `path` with its saved/error message in the reader's language (lib/lti writes userText). */
async function back(path: string, params: Record<string, string>): Promise<never> {
  const translated = Object.fromEntries(await Promise.all(Object.entries(params).map(async ([k, v]) => [k, await readerText(v)] as const)));
  redirect(`${path}?${new URLSearchParams(translated).toString()}`);
}

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");
const lines = (v: FormDataEntryValue | null) =>
  text(v)
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");

export async function registerPlatformAction(_prev: RegisterPlatformFormState | null, form: FormData): Promise<RegisterPlatformFormState> {
  const values: Record<string, string> = {};
  for (const key of ["name", "issuer", "clientId", "deploymentIds", "authLoginUrl", "tokenUrl", "jwksUrl", "tokenAudience", "frameOrigins", "trustEmail"]) values[key] = text(form.get(key));
  try {
    await requireSiteAdmin(await requireInstructor());
    const result = await registerPlatform({
      name: values.name,
      issuer: values.issuer,
      clientId: values.clientId,
      authLoginUrl: values.authLoginUrl,
      tokenUrl: values.tokenUrl,
      jwksUrl: values.jwksUrl,
      tokenAudience: values.tokenAudience || undefined,
      deploymentIds: lines(form.get("deploymentIds")),
      frameOrigins: lines(form.get("frameOrigins")),
      trustEmail: values.trustEmail === "on",
    });
    if (!result.ok) return { ok: false, message: await readerText(result.errors.join("; ")), values };
    revalidatePath("/instructor/lti");
    return { ok: true, message: await readerText(userText("instructorLti.registeredMsg", { name: result.platform.name, created: String(result.created) })), values: {} };
  } catch (e) {
    if (!isAccessError(e)) throw e;
    return { ok: false, message: await readerText(e.message), values };
  }
}

/** A refusal (not a site administrator, not the course's staff) comes back as the page's message, not a server error. */
async function refusalAsMessage(path: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    // back() redirects by throwing Next's own error, which is passed on.
    if (!isAccessError(e)) throw e;
    await back(path, { error: e.message });
  }
}

export async function removePlatformAction(form: FormData): Promise<void> {
  const id = z.string().min(1).max(64).safeParse(form.get("platformId"));
  await refusalAsMessage("/instructor/lti", async () => {
    await requireSiteAdmin(await requireInstructor());
    if (id.success) await removePlatform(id.data);
  });
  revalidatePath("/instructor/lti");
  await back("/instructor/lti", { saved: userText("instructorLti.platformRemoved") });
}

export async function rotateKeyAction(): Promise<void> {
  let current = "";
  await refusalAsMessage("/instructor/lti", async () => {
    await requireSiteAdmin(await requireInstructor());
    current = (await rotateToolKey()).current;
  });
  revalidatePath("/instructor/lti");
  await back("/instructor/lti", { saved: userText("instructorLti.newKey", { kid: current.slice(0, 12) }) });
}

const courseSchema = z.string().min(1).max(64);

export async function syncRosterAction(form: FormData): Promise<void> {
  const courseId = courseSchema.parse(form.get("courseId"));
  const contextId = courseSchema.parse(form.get("contextId"));
  let outcome: Awaited<ReturnType<typeof syncRoster>> | undefined;
  await refusalAsMessage(`/instructor/courses/${courseId}/lti`, async () => {
    outcome = await syncRoster(await requireInstructor(), contextId);
  });
  if (!outcome) return;
  revalidatePath(`/instructor/courses/${courseId}/lti`);
  await back(
    `/instructor/courses/${courseId}/lti`,
    outcome.ok
      ? {
          saved: userText("instructorLti.rosterSynced", {
            members: outcome.result.members,
            learners: outcome.result.learners,
            staff: outcome.result.staff,
            newAccounts: outcome.result.newAccounts,
            unenrolled: outcome.result.unenrolled,
          }),
        }
      : { error: outcome.message },
  );
}

export async function resendScoreAction(form: FormData): Promise<void> {
  const courseId = courseSchema.parse(form.get("courseId"));
  const linkId = courseSchema.parse(form.get("linkId"));
  const userId = courseSchema.parse(form.get("userId"));
  let sent = false;
  await refusalAsMessage(`/instructor/courses/${courseId}/lti`, async () => {
    sent = await resendScore(await requireInstructor(), { linkId, userId });
  });
  revalidatePath(`/instructor/courses/${courseId}/lti`);
  await back(`/instructor/courses/${courseId}/lti`, sent ? { saved: userText("instructorLti.resendQueued") } : { error: userText("instructorLti.nothingToResend") });
}
