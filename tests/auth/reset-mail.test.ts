import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/data/db";
import { describeResetLink, issueMailedResetLink, redeemResetLink, RESET_LINK_MINUTES } from "@/lib/data/password-resets";
import { hashPassword } from "@/lib/data/passwords";

// Reset links by mail (decision 121) through a real SMTP server on a free port (smtp-server, the
// same protocol code as production mail servers speak), received and read back as sent.

interface Received {
  from: string;
  to: string[];
  data: string;
}

const received: Received[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    // A plain local server: no TLS certificate to trust, no login.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.NEXTAUTH_URL = "https://chainrule.example.edu";
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Quoted-printable soft line breaks and escapes undone, so the link reads as one line. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

describe("reset links by mail", () => {
  it("mails a link on the configured site's origin that sets the password once", async () => {
    // Imported after SMTP_URL is set: the environment is parsed once, at first import.
    const { resetMailConfigured, sendResetMail } = await import("@/lib/auth/reset-mail");
    expect(resetMailConfigured()).toBe(true);
    const email = `mailed-${randomUUID().slice(0, 8)}@example.com`;
    await db().user.create({ data: { email, role: "student", passwordHash: await hashPassword("forgotten-password"), locale: "ko" } });
    const issued = await issueMailedResetLink(email);
    if (!issued) throw new Error("no link issued");
    await sendResetMail({ to: issued.email, path: issued.path, minutes: RESET_LINK_MINUTES, locale: issued.locale ?? "en" });

    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail?.to).toEqual([email]);
    expect(mail?.from).toBe("no-reply@chainrule.example.edu");
    const body = decoded(mail?.data ?? "");
    // Written in the account's language (Korean), the subject MIME-encoded.
    expect(body).toMatch(/^Subject: =\?UTF-8\?/m);
    const link = /https:\/\/chainrule\.example\.edu\/reset-password\/([A-Za-z0-9_-]{32})/.exec(body);
    expect(link).not.toBeNull();
    const token = link?.[1] ?? "";
    expect(await describeResetLink(token)).toMatchObject({ status: "open", email });
    expect(await redeemResetLink({ token, password: "remembered-now" })).toEqual({ ok: true, email });
    expect(await describeResetLink(token)).toEqual({ status: "used" });
  });
});
