import { z } from "zod";

// The LTI 1.3 / Deep Linking 2.0 / AGS 2.0 / NRPS 2.0 claim names, scopes and media types, and
// the zod schemas of the id_token claims Chainrule reads. Names are the 1EdTech specifications'
// own (LTI Core 1.3 §5.3-5.4, Deep Linking 2.0 §4.4, AGS 2.0 §3.1, NRPS 2.0 §3.6.1).

const LTI = "https://purl.imsglobal.org/spec/lti/claim";
export const CLAIM = {
  messageType: `${LTI}/message_type`,
  version: `${LTI}/version`,
  deploymentId: `${LTI}/deployment_id`,
  targetLinkUri: `${LTI}/target_link_uri`,
  resourceLink: `${LTI}/resource_link`,
  roles: `${LTI}/roles`,
  context: `${LTI}/context`,
  custom: `${LTI}/custom`,
  launchPresentation: `${LTI}/launch_presentation`,
  toolPlatform: `${LTI}/tool_platform`,
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  agsEndpoint: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
} as const;

export const MESSAGE_TYPE = {
  resourceLink: "LtiResourceLinkRequest",
  deepLinkingRequest: "LtiDeepLinkingRequest",
  deepLinkingResponse: "LtiDeepLinkingResponse",
} as const;

export const LTI_VERSION = "1.3.0";

export const SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  resultReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

export const MEDIA_TYPE = {
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItems: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  score: "application/vnd.ims.lis.v1.score+json",
  memberships: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

/** Custom parameters Chainrule puts on the links it creates (Deep Linking) and reads on launch. */
export const CUSTOM = { item: "chainrule_item", assignment: "chainrule_assignment", course: "chainrule_course" } as const;

// Context roles (LTI Core §A.2.2): `…/membership#Instructor`, sub-roles `…/membership/Instructor#TeachingAssistant`
// (counted as their principal role), or the bare names some platforms still send. Institution and
// system roles say nothing about this course and are ignored.
const CONTEXT_ROLE = /^http:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\/membership(?:#(\w+)|\/(\w+)#\w+)$/;

function contextRoleName(role: string): string | null {
  const match = CONTEXT_ROLE.exec(role);
  if (match) return match[1] ?? match[2] ?? null;
  return /^\w+$/.test(role) ? role : null;
}

export type CourseRole = "staff" | "learner" | "none";

/**
 * What an LMS context role list means in Chainrule: Instructor, TeachingAssistant, Administrator and
 * ContentDeveloper manage the course (its staff); Learner is a student; anything else (Mentor,
 * Member...) gets nothing graded and is refused.
 */
export function courseRoleOf(roles: readonly string[]): CourseRole {
  const names = roles.map(contextRoleName);
  if (names.some((n) => n === "Instructor" || n === "TeachingAssistant" || n === "Administrator" || n === "ContentDeveloper")) return "staff";
  if (names.includes("Learner")) return "learner";
  return "none";
}

const url = z.url({ protocol: /^https?$/ }).max(2048);
const shortText = z.string().max(1000);

/** Claims every LTI 1.3 message carries (Core §5.3), after the signature and registered claims passed. */
export const messageClaimsSchema = z.object({
  sub: z.string().min(1, "the user (sub) is missing: anonymous launches are not supported").max(255),
  [CLAIM.messageType]: z.string(),
  [CLAIM.version]: z.string(),
  [CLAIM.deploymentId]: z.string().min(1).max(255),
  [CLAIM.roles]: z.array(z.string().max(512)).max(100),
  name: shortText.optional(),
  given_name: shortText.optional(),
  family_name: shortText.optional(),
  email: z.string().max(320).optional(),
  [CLAIM.context]: z
    .object({ id: z.string().min(1).max(255), label: shortText.optional(), title: shortText.optional() })
    .optional(),
  [CLAIM.launchPresentation]: z.object({ document_target: z.string().max(32).optional(), return_url: url.optional() }).loose().optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.nrps]: z
    .object({ context_memberships_url: url, service_versions: z.array(z.string()).optional() })
    .optional(),
});

export const resourceLinkClaimsSchema = z.object({
  [CLAIM.targetLinkUri]: url,
  [CLAIM.resourceLink]: z.object({ id: z.string().min(1).max(255), title: shortText.optional() }),
  [CLAIM.agsEndpoint]: z
    .object({ scope: z.array(z.string().max(255)).max(20).default([]), lineitems: url.optional(), lineitem: url.optional() })
    .optional(),
});

export const deepLinkingClaimsSchema = z.object({
  [CLAIM.deepLinkingSettings]: z.object({
    deep_link_return_url: url,
    accept_types: z.array(z.string()).min(1),
    accept_presentation_document_targets: z.array(z.string()).min(1),
    accept_multiple: z.boolean().optional(),
    auto_create: z.boolean().optional(),
    title: shortText.optional(),
    data: z.string().max(4096).optional(),
  }),
});

export type MessageClaims = z.infer<typeof messageClaimsSchema>;
export type ResourceLinkClaims = z.infer<typeof resourceLinkClaimsSchema>;
export type DeepLinkingClaims = z.infer<typeof deepLinkingClaimsSchema>;
