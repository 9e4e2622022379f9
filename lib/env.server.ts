import "server-only";
import { parseServerEnv } from "@/lib/env";

// Parsed once at module load: a missing or malformed variable stops the server at start instead
// of surfacing as a confusing error on the first request that needs it.
export const env = parseServerEnv(process.env);
