import "server-only";
import { registeredFrameOrigins } from "./frame-origins";
import { refreshFrameOrigins } from "./platforms";

// Keeps the registered platforms' frame origins (lib/lti/frame-origins.ts) current in this server
// process: loaded at start, then every REFRESH_MS, so a platform registered by the command line or
// another server is framed within seconds; a registration in this process refreshes at once.

export const REFRESH_MS = 5_000;
const holder = globalThis as typeof globalThis & { chainruleLtiFrameRefresh?: { timer: NodeJS.Timeout; loadedAt: number } };

async function load(): Promise<readonly string[]> {
  const origins = await refreshFrameOrigins();
  if (holder.chainruleLtiFrameRefresh) holder.chainruleLtiFrameRefresh.loadedAt = Date.now();
  return origins;
}

export async function startFrameOriginRefresh(): Promise<void> {
  if (holder.chainruleLtiFrameRefresh) return;
  const timer = setInterval(() => {
    load().catch((e: unknown) => console.warn("[lti] could not refresh the registered frame origins:", e));
  }, REFRESH_MS);
  timer.unref();
  holder.chainruleLtiFrameRefresh = { timer, loadedAt: 0 };
  await load();
}

/** The frame origins for a page built now: from the database when the cached list is older than REFRESH_MS. */
export async function currentFrameOrigins(): Promise<readonly string[]> {
  const state = holder.chainruleLtiFrameRefresh;
  if (state && Date.now() - state.loadedAt < REFRESH_MS) return registeredFrameOrigins();
  return load();
}
