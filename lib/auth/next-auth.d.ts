// Types for what our callbacks put into the session and JWT (lib/auth/options.ts). Values are still
// zod-checked where they are read (lib/auth/session.ts): a token is input, not a promise.
import type { Role } from "@/lib/data/access";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string | null; role: Role };
  }
  interface User {
    role: Role;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id?: string;
    role?: Role;
  }
}
