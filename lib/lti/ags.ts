import "server-only";
import { z } from "zod";
import { db } from "@/lib/data/db";
import { MEDIA_TYPE, SCOPE } from "./claims";
import { callService, PlatformCallError, type ServicePlatform } from "./service-client";

// Assignment and Grade Services 2.0: the line item of a resource link (the one the platform
// created from the deep-linking response, or one Chainrule finds or creates through the line items
// service) and posting a score to it (AGS 2.0 §3.4).

export interface ScoreMessage {
  /** The LMS's id of the student (the `sub` of their launches). */
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: "Initialized" | "Started" | "InProgress" | "Submitted" | "Completed";
  gradingProgress: "FullyGraded" | "Pending" | "PendingManual" | "Failed" | "NotReady";
  /** ISO 8601 with milliseconds: when the score changed. */
  timestamp: string;
  comment?: string;
}

export interface LinkForScores {
  id: string;
  resourceLinkId: string;
  title: string;
  lineItemUrl: string | null;
  lineItemsUrl: string | null;
  agsScopes: string;
  /** The Chainrule item or course the line item grades (its resourceId). */
  resourceId: string;
  scoreMaximum: number;
}

const lineItemSchema = z.object({ id: z.string().min(1), resourceLinkId: z.string().optional(), resourceId: z.string().optional() }).loose();

export const scopesOf = (link: { agsScopes: string }) => link.agsScopes.split(/\s+/).filter((s) => s !== "");

/** `url` with `path` appended to its path, its query kept (AGS: the scores URL of a line item). */
export function withPathSuffix(url: string, path: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/\/$/, "")}${path}`;
  return u.toString();
}

/**
 * The URL of the link's line item: the one the platform gave in the launch; else found by
 * resource_link_id + resource_id in the line items service, or created there (and remembered).
 */
export async function lineItemFor(platform: ServicePlatform, link: LinkForScores): Promise<string> {
  if (link.lineItemUrl) return link.lineItemUrl;
  const scopes = scopesOf(link);
  if (!link.lineItemsUrl || !scopes.includes(SCOPE.lineItem)) {
    throw new PlatformCallError("the platform gave this link no line item and no permission to create one (AGS lineitem scope)", null, false);
  }
  const query = new URL(link.lineItemsUrl);
  query.searchParams.set("resource_link_id", link.resourceLinkId);
  query.searchParams.set("resource_id", link.resourceId);
  const found = await callService(platform, [SCOPE.lineItem], query.toString(), { method: "GET", accept: MEDIA_TYPE.lineItems });
  const items = z.array(lineItemSchema).safeParse(JSON.parse(found.text || "[]"));
  let url = items.success ? items.data.find((i) => (i.resourceLinkId ?? link.resourceLinkId) === link.resourceLinkId && (i.resourceId ?? link.resourceId) === link.resourceId)?.id : undefined;
  if (!url) {
    const created = await callService(platform, [SCOPE.lineItem], link.lineItemsUrl, {
      method: "POST",
      accept: MEDIA_TYPE.lineItem,
      contentType: MEDIA_TYPE.lineItem,
      body: JSON.stringify({ scoreMaximum: link.scoreMaximum, label: link.title || "Chainrule", resourceId: link.resourceId, resourceLinkId: link.resourceLinkId, tag: "chainrule" }),
    });
    const item = lineItemSchema.safeParse(JSON.parse(created.text));
    if (!item.success) throw new PlatformCallError("the platform created a line item but did not say its id", created.status, false);
    url = item.data.id;
  }
  await db().ltiResourceLink.update({ where: { id: link.id }, data: { lineItemUrl: url } });
  return url;
}

/** Posts one score to a line item's scores endpoint. */
export async function postScore(platform: ServicePlatform, lineItemUrl: string, score: ScoreMessage): Promise<number> {
  const response = await callService(platform, [SCOPE.score], withPathSuffix(lineItemUrl, "/scores"), {
    method: "POST",
    accept: "application/json",
    contentType: MEDIA_TYPE.score,
    body: JSON.stringify(score),
  });
  return response.status;
}
