import "server-only";
import { startFrameOriginRefresh } from "./frame-origins-refresh";
import { startOutboxWorker } from "./outbox-worker";
import { ensureToolKey } from "./tool-keys";

/** What a server process starts for LTI (instrumentation.ts). A failure here never stops the server. */
export async function startLti(): Promise<void> {
  try {
    const key = await ensureToolKey();
    if (key.replaced) console.warn(`[lti] the stored tool key could not be decrypted (NEXTAUTH_SECRET changed?): a new key ${key.kid} replaces it; platforms read it from /api/lti/jwks`);
    else if (key.created) console.info(`[lti] generated the tool's key pair ${key.kid}`);
    await startFrameOriginRefresh();
    startOutboxWorker();
  } catch (e) {
    console.warn("[lti] could not start LTI services:", e);
  }
}
