import "server-only";
import { randomBytes } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env.server";
import { roleSchema } from "@/lib/data/access";
import { PasswordHashingBusy } from "@/lib/data/passwords";
import { revokeSession } from "@/lib/data/sessions";
import { emailSchema, verifyCredentials } from "@/lib/data/users";
import type { ClientConnection } from "@/lib/http/client-address";
import { rateLimits } from "./rate-limits";
import { safeReturnPath } from "./return-path";

export const SIGN_IN_PATH = "/signin";

/** Session lifetime; "Sign out", password and role changes end a session sooner (decision 063). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

// Bounds only: the real rules (email shape, 72-byte passwords) are checked where they apply.
const credentialsSchema = z.object({ email: z.string().max(320), password: z.string().max(1000) });

/**
 * next-auth's options for one request of its route (pages/api/auth/[...nextauth].ts), which knows
 * the client's address and whether it came over HTTPS (lib/http/client-address.ts): sign-in
 * attempts are limited per account and per address, and session cookies are Secure on HTTPS.
 */
export function authOptionsFor(client: ClientConnection): NextAuthOptions {
  return {
    secret: env.NEXTAUTH_SECRET,
    // JWT sessions (decision 003). The user row is re-read on every request (lib/auth/session.ts),
    // which also refuses signed-out sessions and those older than the account's sessionVersion.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // Per request, not from NEXTAUTH_URL: a plain-HTTP local demo and an HTTPS deployment behind a
    // trusted proxy both get the right cookies (the __Secure- names and the Secure attribute).
    useSecureCookies: client.secure,
    pages: { signIn: SIGN_IN_PATH },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const email = emailSchema.safeParse(parsed.data.email);
          const account = email.success ? email.data : parsed.data.email.trim().toLowerCase();
          const attempt = await rateLimits().signIn(client.address, account);
          // next-auth passes a thrown message through to signIn()'s `error`.
          if (!attempt.allowed) throw new Error(`Too many attempts, try again in ${attempt.retryAfterSeconds} s`);
          let user: Awaited<ReturnType<typeof verifyCredentials>>;
          try {
            user = await verifyCredentials(parsed.data.email, parsed.data.password);
          } catch (e) {
            if (!(e instanceof PasswordHashingBusy)) throw e;
            await attempt.cancelled();
            throw new Error("Too many sign-ins at the moment, try again in a few seconds");
          }
          if (!user) {
            await attempt.failed();
            return null;
          }
          await attempt.succeeded();
          return user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // `user` is only present right after authorize(); later calls keep the existing claims.
        if (user) {
          token.id = user.id;
          token.role = roleSchema.parse(user.role);
          token.sv = user.sessionVersion;
          token.sid = randomBytes(16).toString("base64url");
        }
        return token;
      },
      session({ session, token }) {
        if (token.id && token.role && token.email) {
          session.user = { id: token.id, email: token.email, name: token.name ?? null, role: token.role };
        }
        return session;
      },
      // Where next-auth sends the browser after signing in or out: only paths of this site.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeReturnPath(url, baseUrl)}`;
      },
    },
    events: {
      async signOut({ token }) {
        // The cookie is cleared in this browser; a copy of it elsewhere must stop working too.
        if (typeof token.sid === "string" && typeof token.exp === "number") await revokeSession(token.sid, new Date(token.exp * 1000));
      },
    },
  };
}
