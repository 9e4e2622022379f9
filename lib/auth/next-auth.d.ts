// Types for what our callbacks put into the session and JWT (lib/auth/options.ts). Values are still
// zod-checked where they are read (lib/auth/session.ts): a token is input, not a promise.
import type { Role } from "@/lib/data/access";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string | null; role: Role };
  }
  interface User {
    role: Role;
    /** The account's sessionVersion at sign-in (decision 063). */
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id?: string;
    role?: Role;
    /** Session id: "Sign out" revokes it. */
    sid?: string;
    /** The account's sessionVersion when this session began. */
    sv?: number;
  }
}
