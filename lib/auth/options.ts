import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env.server";
import { roleSchema } from "@/lib/data/access";
import { verifyCredentials } from "@/lib/data/users";
import { clientIp } from "./client-ip";
import { RateLimiter } from "./rate-limit";

/** Sign-in attempts per email+IP: 5 a minute slows guessing while a person with typos barely notices. */
export const signInLimiter = new RateLimiter({ limit: 5, windowMs: 60_000 });

export const SIGN_IN_PATH = "/signin";

const credentialsSchema = z.object({ email: z.string().max(320), password: z.string().max(1000) });

const requestHeadersSchema = z.record(z.string(), z.unknown());

/** next-auth hands authorize() the request's headers as a plain object. */
function headerGetter(headers: unknown): Pick<Headers, "get"> {
  const parsed = requestHeadersSchema.safeParse(headers);
  return {
    get: (name) => {
      const value = parsed.success ? parsed.data[name] : undefined;
      return typeof value === "string" ? value : null;
    },
  };
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  // JWT sessions: no session table, no DB write per sign-in; role changes are still honoured
  // because lib/auth/session.ts re-reads the user on every request (docs/decisions/003).
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: SIGN_IN_PATH },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const key = `${parsed.data.email.trim().toLowerCase()}|${clientIp(headerGetter(req.headers))}`;
        const decision = signInLimiter.consume(key);
        if (!decision.allowed) {
          // next-auth passes a thrown message through to signIn()'s `error`.
          throw new Error(`Too many attempts, try again in ${decision.retryAfterSeconds} s`);
        }
        const viewer = await verifyCredentials(parsed.data.email, parsed.data.password);
        if (!viewer) return null;
        signInLimiter.reset(key);
        return viewer;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `user` is only present right after authorize(); later calls keep the existing claims.
      if (user) {
        token.id = user.id;
        token.role = roleSchema.parse(user.role);
      }
      return token;
    },
    session({ session, token }) {
      if (token.id && token.role && token.email) {
        session.user = { id: token.id, email: token.email, name: token.name ?? null, role: token.role };
      }
      return session;
    },
  },
};
