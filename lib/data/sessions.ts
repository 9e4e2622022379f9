import "server-only";
import { db } from "./db";
import { assertUser, type Viewer } from "./access";

// Ending sessions. A session is a signed, encrypted token in the browser's cookie (JWT, decision
// 003): it cannot be deleted from here, so the server refuses it instead. findSessionViewer
// (users.ts) checks both records below on every request. See docs/decisions/063.

/**
 * "Sign out": this one session's id is refused from now on, even if someone kept a copy of the
 * cookie. Rows are only needed until the token would have expired anyway; expired ones are pruned
 * here, so the table holds at most the sign-outs of one session lifetime.
 */
export async function revokeSession(sessionId: string, expiresAt: Date): Promise<void> {
  await db().$transaction([
    db().revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
    db().revokedSession.upsert({ where: { id: sessionId }, create: { id: sessionId, expiresAt }, update: {} }),
  ]);
}

/** "Sign out everywhere": every session of the viewer's account, this one included, ends. */
export async function endAllSessions(viewer: Viewer | null): Promise<void> {
  const user = assertUser(viewer);
  await db().user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
}
