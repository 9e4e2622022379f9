import { z } from "zod";

// Header values are client input: an over-long one would be an over-long rate-limit key.
const addressSchema = z.string().trim().min(1).max(64);

/**
 * The client's address, as the sign-in and sign-up rate limits key it: behind a proxy the first
 * x-forwarded-for entry, and `next start` alone fills that header from the socket. A client can
 * send its own, which is why both limits also key on the email address.
 */
export function clientIp(headers: Pick<Headers, "get">): string {
  const forwarded = addressSchema.safeParse(headers.get("x-forwarded-for")?.split(",")[0]);
  if (forwarded.success) return forwarded.data;
  const realIp = addressSchema.safeParse(headers.get("x-real-ip"));
  return realIp.success ? realIp.data : "local";
}
