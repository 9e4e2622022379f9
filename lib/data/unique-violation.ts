import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Whether a write failed on a unique index (Prisma's P2002), the way racing writers are told apart
 * from real failures: the index decides, not a lookup before the write.
 */
export function isUniqueViolation(e: unknown): e is Prisma.PrismaClientKnownRequestError {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}
