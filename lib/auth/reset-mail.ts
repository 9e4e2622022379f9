import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env.server";
import type { Locale } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";

// Reset links by mail (decision 121), only when SMTP_URL is set. The link's origin is the site's
// configured public URL (NEXTAUTH_URL), never the request's Host header, which a requester could
// set to their own site to receive someone else's reset token ("reset poisoning").

export function resetMailConfigured(): boolean {
  return env.SMTP_URL !== undefined;
}

/** The site's public origin, for links that leave the site (mails). */
export function siteOrigin(): string {
  const base = env.NEXTAUTH_URL;
  return base && URL.canParse(base) ? new URL(base).origin : "http://localhost:3000";
}

// One pooled transport per process; on globalThis, as Next loads this module once per bundle.
const holder = globalThis as typeof globalThis & { chainruleMailer?: Transporter };

function transport(url: string): Transporter {
  holder.chainruleMailer ??= nodemailer.createTransport(url);
  return holder.chainruleMailer;
}

function fromAddress(): string {
  return env.MAIL_FROM ?? `no-reply@${new URL(siteOrigin()).hostname}`;
}

export interface ResetMail {
  to: string;
  /** The link's path (/reset-password/<token>). */
  path: string;
  minutes: number;
  locale: Locale;
}

/** Sends the reset link; rejects when the SMTP server refuses or cannot be reached. */
export async function sendResetMail(mail: ResetMail): Promise<void> {
  if (!env.SMTP_URL) throw new Error("SMTP_URL is not set");
  const t = translatorFor(mail.locale, "passwordReset");
  const link = `${siteOrigin()}${mail.path}`;
  await transport(env.SMTP_URL).sendMail({
    from: fromAddress(),
    to: mail.to,
    subject: t("mail.subject"),
    text: t("mail.body", { email: mail.to, link, minutes: mail.minutes }),
  });
}
