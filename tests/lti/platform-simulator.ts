// An LTI 1.3 platform (an LMS) for the tests, written from the 1EdTech specifications, not from
// Chainrule's code: it has its own RSA keys and JWKS, answers OIDC login initiation with a signed
// id_token (LTI Core 1.3 §5.1, Security Framework §5.1), sends resource link and deep linking
// requests, verifies the deep linking response it gets back (Deep Linking 2.0 §4.5), issues
// access tokens only for a client assertion signed by the tool's published key (Security
// Framework §4.1), keeps line items and records every score posted to them (AGS 2.0 §3.2, §3.4),
// and serves the roster (NRPS 2.0 §3.6) page by page. A real HTTP server on 127.0.0.1; it can be
// taken down and brought back on the same port with its state kept.
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";

export const LTI = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
  custom: "https://purl.imsglobal.org/spec/lti/claim/custom",
  launchPresentation: "https://purl.imsglobal.org/spec/lti/claim/launch_presentation",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  dlData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
} as const;

export const ROLE = {
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  ta: "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
  mentor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor",
} as const;

const SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  resultReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

export interface SimUser {
  sub: string;
  name: string;
  email: string;
  /** Context role in every course of the simulator. */
  role: string;
  status?: "Active" | "Inactive" | "Deleted";
}

export interface SimLink {
  id: string;
  title: string;
  custom: Record<string, string>;
  lineItemId: string | null;
}

export interface SimLineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
}

export interface ReceivedScore {
  lineItemId: string;
  contextId: string;
  body: Record<string, unknown>;
  at: number;
}

export interface SimContext {
  id: string;
  title: string;
  links: Map<string, SimLink>;
  lineItems: Map<string, SimLineItem>;
}

interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(): Promise<KeyPair> {
  const pair = await generateKeyPair("RS256", { extractable: true });
  const kid = `sim-${randomUUID().slice(0, 8)}`;
  return { kid, privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" } };
}

export interface ToolEndpoints {
  loginUrl: string;
  launchUrl: string;
  /** The tool's JWKS URL, or its key set handed over directly (tests without a running tool server). */
  jwks: string | (() => Promise<JSONWebKeySet>);
}

export interface SimulatorOptions {
  tool: ToolEndpoints;
  clientId?: string;
  deploymentId?: string;
  /** Members per NRPS page (small, so paging is exercised). */
  pageSize?: number;
}

type Handler = (req: http.IncomingMessage, url: URL, body: string) => Promise<{ status: number; headers?: Record<string, string>; body?: string }>;

export class PlatformSimulator {
  readonly clientId: string;
  readonly deploymentId: string;
  readonly users = new Map<string, SimUser>();
  readonly contexts = new Map<string, SimContext>();
  readonly scores: ReceivedScore[] = [];
  readonly tokenRequests: { scope: string; ok: boolean; error?: string }[] = [];
  readonly deepLinkResponses: { contextId: string; items: Record<string, unknown>[]; data: unknown }[] = [];
  readonly lineItemRequests: { method: string; contextId: string }[] = [];
  /** When false, the token and service endpoints answer 503 (an LMS under maintenance). */
  available = true;
  private keys: KeyPair[] = [];
  private server: http.Server | null = null;
  private port = 0;
  private tokens = new Map<string, { scopes: string[]; expiresAt: number }>();
  private toolKeySet: JWTVerifyGetKey | null = null;
  private readonly pageSize: number;

  constructor(readonly options: SimulatorOptions) {
    this.clientId = options.clientId ?? `chainrule-${randomUUID().slice(0, 8)}`;
    this.deploymentId = options.deploymentId ?? "deployment-1";
    this.pageSize = options.pageSize ?? 2;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get issuer(): string {
    return this.origin;
  }
  get authUrl(): string {
    return `${this.origin}/auth`;
  }
  get tokenUrl(): string {
    return `${this.origin}/token`;
  }
  get jwksUrl(): string {
    return `${this.origin}/jwks`;
  }
  get deepLinkReturnUrl(): string {
    return `${this.origin}/deep-link-return`;
  }
  lineItemsUrl(contextId: string): string {
    return `${this.origin}/contexts/${encodeURIComponent(contextId)}/lineitems`;
  }
  lineItemUrl(contextId: string, id: string): string {
    return `${this.lineItemsUrl(contextId)}/${encodeURIComponent(id)}`;
  }
  membershipsUrl(contextId: string): string {
    return `${this.origin}/contexts/${encodeURIComponent(contextId)}/memberships`;
  }

  /** The platform's registration in Chainrule, as an administrator would enter it. */
  registration(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { name: "Simulated LMS", issuer: this.issuer, clientId: this.clientId, authLoginUrl: this.authUrl, tokenUrl: this.tokenUrl, jwksUrl: this.jwksUrl, deploymentIds: [this.deploymentId], ...extra };
  }

  async start(port = 0): Promise<this> {
    if (this.keys.length === 0) this.keys.push(await newKey());
    this.server = http.createServer((req, res) => void this.dispatch(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server?.once("error", reject);
      this.server?.listen(port || this.port, "127.0.0.1", () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Takes the LMS off the network (connections refused); start() brings it back on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A new signing key; the old one stays published (a platform's key rotation). */
  async rotateKeys({ dropOld = false } = {}): Promise<string> {
    const key = await newKey();
    this.keys = dropOld ? [key] : [key, ...this.keys];
    return key.kid;
  }

  get currentKid(): string {
    const key = this.keys[0];
    if (!key) throw new Error("simulator not started");
    return key.kid;
  }

  addUser(user: SimUser): SimUser {
    this.users.set(user.sub, user);
    return user;
  }

  addContext(id: string, title: string): SimContext {
    const context: SimContext = { id, title, links: new Map(), lineItems: new Map() };
    this.contexts.set(id, context);
    return context;
  }

  context(id: string): SimContext {
    const c = this.contexts.get(id);
    if (!c) throw new Error(`no context ${id}`);
    return c;
  }

  /** A resource link placed by hand in the LMS (no deep linking), with or without a line item. */
  addLink(contextId: string, link: { id?: string; title: string; custom?: Record<string, string>; lineItem?: { scoreMaximum: number; label?: string } }): SimLink {
    const context = this.context(contextId);
    const id = link.id ?? `rl-${randomUUID().slice(0, 8)}`;
    let lineItemId: string | null = null;
    if (link.lineItem) {
      lineItemId = `li-${randomUUID().slice(0, 8)}`;
      context.lineItems.set(lineItemId, { id: lineItemId, label: link.lineItem.label ?? link.title, scoreMaximum: link.lineItem.scoreMaximum, resourceLinkId: id });
    }
    const created: SimLink = { id, title: link.title, custom: link.custom ?? {}, lineItemId };
    context.links.set(id, created);
    return created;
  }

  scoresFor(userSub: string): ReceivedScore[] {
    return this.scores.filter((s) => s.body.userId === userSub);
  }

  // Messages -----------------------------------------------------------------------------------

  /** The claims of a resource link launch for `userSub` from `linkId` in `contextId`. */
  resourceLinkClaims(userSub: string, contextId: string, linkId: string): Record<string, unknown> {
    const context = this.context(contextId);
    const link = context.links.get(linkId);
    if (!link) throw new Error(`no link ${linkId}`);
    return {
      ...this.baseClaims(userSub, context),
      [LTI.messageType]: "LtiResourceLinkRequest",
      [LTI.targetLinkUri]: this.options.tool.launchUrl,
      [LTI.resourceLink]: { id: link.id, title: link.title },
      [LTI.custom]: link.custom,
      [LTI.ags]: {
        scope: [SCOPES.lineItem, SCOPES.score, SCOPES.resultReadOnly],
        lineitems: this.lineItemsUrl(context.id),
        ...(link.lineItemId ? { lineitem: this.lineItemUrl(context.id, link.lineItemId) } : {}),
      },
    };
  }

  deepLinkingClaims(userSub: string, contextId: string, data = `dl-${randomUUID().slice(0, 6)}`): Record<string, unknown> {
    const context = this.context(contextId);
    return {
      ...this.baseClaims(userSub, context),
      [LTI.messageType]: "LtiDeepLinkingRequest",
      [LTI.targetLinkUri]: this.options.tool.launchUrl,
      [LTI.deepLinkingSettings]: {
        deep_link_return_url: `${this.deepLinkReturnUrl}?context=${encodeURIComponent(contextId)}`,
        accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: ["iframe", "window"],
        accept_multiple: true,
        auto_create: true,
        data,
      },
    };
  }

  private baseClaims(userSub: string, context: SimContext): Record<string, unknown> {
    const user = this.users.get(userSub);
    if (!user) throw new Error(`no user ${userSub}`);
    return {
      sub: user.sub,
      name: user.name,
      email: user.email,
      [LTI.version]: "1.3.0",
      [LTI.deploymentId]: this.deploymentId,
      [LTI.roles]: [user.role],
      [LTI.context]: { id: context.id, title: context.title, label: context.id },
      [LTI.launchPresentation]: { document_target: "iframe", return_url: `${this.origin}/lms/course/${encodeURIComponent(context.id)}` },
      [LTI.nrps]: { context_memberships_url: this.membershipsUrl(context.id), service_versions: ["2.0"] },
    };
  }

  /**
   * A signed id_token: `claims` plus iss/aud/iat/exp/nonce, signed with the current key unless
   * `key` says otherwise. Tests use the overrides to build every kind of bad launch.
   */
  async idToken(
    claims: Record<string, unknown>,
    { nonce, key, kid, iss, aud, iat, exp, alg }: { nonce: string; key?: CryptoKey; kid?: string; iss?: string; aud?: string | string[]; iat?: number; exp?: number; alg?: "RS256" } ,
  ): Promise<string> {
    const signing = this.keys[0];
    if (!signing) throw new Error("simulator not started");
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims, nonce })
      .setProtectedHeader({ alg: alg ?? "RS256", kid: kid ?? signing.kid, typ: "JWT" })
      .setIssuer(iss ?? this.issuer)
      .setAudience(aud ?? this.clientId)
      .setIssuedAt(iat ?? now)
      .setExpirationTime(exp ?? now + 300)
      .sign(key ?? signing.privateKey);
  }

  // HTTP ---------------------------------------------------------------------------------------

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.origin);
    try {
      const out = await this.route(req, url, body);
      res.writeHead(out.status, out.headers ?? {});
      res.end(out.body ?? "");
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(`simulator error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private route: Handler = async (req, url, body) => {
    const path = url.pathname;
    if (path === "/jwks") return json(200, { keys: this.keys.map((k) => k.publicJwk) });
    if (path === "/auth") return this.authorize(req.method === "POST" ? new URLSearchParams(body) : url.searchParams);
    if (path === "/deep-link-return" && req.method === "POST") return this.deepLinkReturn(url, new URLSearchParams(body));
    if (path.startsWith("/lms/")) return this.lmsPage(url);
    if (!this.available) return { status: 503, headers: { "content-type": "text/plain", "retry-after": "1" }, body: "maintenance" };
    if (path === "/token" && req.method === "POST") return this.token(req, new URLSearchParams(body));
    const m = /^\/contexts\/([^/]+)\/(lineitems|memberships)(?:\/([^/]+))?(\/scores)?$/.exec(path);
    if (m) {
      const context = this.contexts.get(decodeURIComponent(m[1] ?? ""));
      if (!context) return json(404, { error: "no such context" });
      if (m[2] === "memberships") return this.memberships(req, url, context);
      return this.lineItems(req, url, body, context, m[3] ? decodeURIComponent(m[3]) : undefined, m[4] !== undefined);
    }
    return { status: 404, body: "not found" };
  };

  /** OIDC authorization endpoint: validates the authentication request and posts an id_token back. */
  private async authorize(params: URLSearchParams): Promise<{ status: number; headers?: Record<string, string>; body?: string }> {
    const fail = (why: string) => ({ status: 400, headers: { "content-type": "text/plain" }, body: `invalid authentication request: ${why}` });
    if (params.get("scope") !== "openid") return fail("scope must be openid");
    if (params.get("response_type") !== "id_token") return fail("response_type must be id_token");
    if (params.get("response_mode") !== "form_post") return fail("response_mode must be form_post");
    if (params.get("prompt") !== "none") return fail("prompt must be none");
    if (params.get("client_id") !== this.clientId) return fail("unknown client_id");
    if (params.get("redirect_uri") !== this.options.tool.launchUrl) return fail("redirect_uri is not the registered one");
    const nonce = params.get("nonce");
    const state = params.get("state");
    if (!nonce || !state) return fail("nonce and state are required");
    const user = this.users.get(params.get("login_hint") ?? "");
    if (!user) return fail("login_hint names no user");
    const hint = JSON.parse(Buffer.from(params.get("lti_message_hint") ?? "", "base64url").toString("utf8") || "{}") as { context?: string; link?: string; deepLink?: boolean };
    if (!hint.context) return fail("lti_message_hint names no context");
    const claims = hint.deepLink ? this.deepLinkingClaims(user.sub, hint.context) : this.resourceLinkClaims(user.sub, hint.context, hint.link ?? "");
    const idToken = await this.idToken(claims, { nonce });
    return autoPost(params.get("redirect_uri") ?? "", { id_token: idToken, state });
  }

  /** The login initiation the LMS sends the tool when a user clicks a link (third-party initiated login). */
  loginInitiation(userSub: string, contextId: string, target: { link: string } | { deepLink: true }): Record<string, string> {
    const hint = Buffer.from(JSON.stringify({ context: contextId, ...target }), "utf8").toString("base64url");
    return { iss: this.issuer, login_hint: userSub, target_link_uri: this.options.tool.launchUrl, lti_message_hint: hint, client_id: this.clientId, lti_deployment_id: this.deploymentId };
  }

  /** LMS pages a browser opens: a course page framing the tool, and the frame's login form. */
  private lmsPage(url: URL): { status: number; headers?: Record<string, string>; body?: string } {
    const user = url.searchParams.get("user") ?? "";
    const context = url.searchParams.get("context") ?? "";
    const link = url.searchParams.get("link");
    if (url.pathname === "/lms/launch") {
      const frame = `/lms/initiate?${url.searchParams.toString()}`;
      return html(`<h1 id="lms">Simulated LMS · ${escape(context)}</h1><iframe id="tool" name="tool" title="Chainrule" src="${escape(frame)}" style="width:1400px;height:900px;border:1px solid #999"></iframe>`);
    }
    if (url.pathname === "/lms/initiate") {
      const params = this.loginInitiation(user, context, link ? { link } : { deepLink: true });
      return autoPost(this.options.tool.loginUrl, params);
    }
    if (url.pathname.startsWith("/lms/course/")) return html(`<h1>Back in the simulated LMS</h1>`);
    return { status: 404, body: "no such page" };
  }

  private async toolKeys(): Promise<JWTVerifyGetKey> {
    const source = this.options.tool.jwks;
    if (typeof source === "string") return (this.toolKeySet ??= createRemoteJWKSet(new URL(source), { cooldownDuration: 0 }));
    return createLocalJWKSet(await source());
  }

  /** Client credentials with a JWT assertion (Security Framework §4.1.1, RFC 7523). */
  private async token(req: http.IncomingMessage, form: URLSearchParams): Promise<{ status: number; headers?: Record<string, string>; body?: string }> {
    const scope = form.get("scope") ?? "";
    const refuse = (error: string) => {
      this.tokenRequests.push({ scope, ok: false, error });
      return json(400, { error: "invalid_client", error_description: error });
    };
    if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return refuse("not a form");
    if (form.get("grant_type") !== "client_credentials") return refuse("grant_type");
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return refuse("client_assertion_type");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(form.get("client_assertion") ?? "", await this.toolKeys(), { issuer: this.clientId, subject: this.clientId, audience: this.tokenUrl, algorithms: ["RS256"], requiredClaims: ["jti", "exp", "iat"] }));
    } catch (e) {
      return refuse(`client assertion: ${e instanceof Error ? e.message : String(e)}`);
    }
    void payload;
    const allowed = new Set<string>(Object.values(SCOPES));
    const scopes = scope.split(" ").filter((s) => s !== "");
    if (scopes.length === 0 || scopes.some((s) => !allowed.has(s))) return refuse(`invalid scope ${scope}`);
    const token = randomBytes(24).toString("base64url");
    this.tokens.set(token, { scopes, expiresAt: Date.now() + 3600_000 });
    this.tokenRequests.push({ scope, ok: true });
    return json(200, { access_token: token, token_type: "Bearer", expires_in: 3600, scope });
  }

  private authorized(req: http.IncomingMessage, scope: string): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const grant = this.tokens.get(token);
    return grant !== undefined && grant.expiresAt > Date.now() && grant.scopes.includes(scope);
  }

  private lineItems(req: http.IncomingMessage, url: URL, body: string, context: SimContext, id: string | undefined, scores: boolean): { status: number; headers?: Record<string, string>; body?: string } {
    if (scores) {
      if (req.method !== "POST") return json(405, {});
      if (!this.authorized(req, SCOPES.score)) return json(401, { error: "score scope required" });
      if (req.headers["content-type"] !== "application/vnd.ims.lis.v1.score+json") return json(415, { error: "score media type required" });
      const item = context.lineItems.get(id ?? "");
      if (!item) return json(404, { error: "no such line item" });
      const score = JSON.parse(body) as Record<string, unknown>;
      const problems: string[] = [];
      if (typeof score.userId !== "string" || ![...this.users.keys()].includes(score.userId)) problems.push("userId");
      if (typeof score.timestamp !== "string" || Number.isNaN(Date.parse(score.timestamp))) problems.push("timestamp");
      if (!["Initialized", "Started", "InProgress", "Submitted", "Completed"].includes(String(score.activityProgress))) problems.push("activityProgress");
      if (!["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"].includes(String(score.gradingProgress))) problems.push("gradingProgress");
      if (score.scoreGiven !== undefined && (typeof score.scoreGiven !== "number" || typeof score.scoreMaximum !== "number" || score.scoreMaximum <= 0 || score.scoreGiven < 0)) problems.push("scoreGiven/scoreMaximum");
      if (problems.length > 0) return json(400, { error: `bad score: ${problems.join(", ")}` });
      this.scores.push({ lineItemId: item.id, contextId: context.id, body: score, at: Date.now() });
      return { status: 204 };
    }
    if (id === undefined) {
      this.lineItemRequests.push({ method: req.method ?? "GET", contextId: context.id });
      if (req.method === "GET") {
        if (!this.authorized(req, SCOPES.lineItem)) return json(401, {});
        const rl = url.searchParams.get("resource_link_id");
        const rid = url.searchParams.get("resource_id");
        const items = [...context.lineItems.values()].filter((i) => (!rl || i.resourceLinkId === rl) && (!rid || i.resourceId === rid));
        return { status: 200, headers: { "content-type": "application/vnd.ims.lis.v2.lineitemcontainer+json" }, body: JSON.stringify(items.map((i) => ({ ...i, id: this.lineItemUrl(context.id, i.id) }))) };
      }
      if (req.method === "POST") {
        if (!this.authorized(req, SCOPES.lineItem)) return json(401, {});
        const input = JSON.parse(body) as Partial<SimLineItem>;
        if (typeof input.scoreMaximum !== "number" || typeof input.label !== "string") return json(400, { error: "label and scoreMaximum required" });
        const item: SimLineItem = { id: `li-${randomUUID().slice(0, 8)}`, label: input.label, scoreMaximum: input.scoreMaximum, resourceId: input.resourceId, resourceLinkId: input.resourceLinkId, tag: input.tag };
        context.lineItems.set(item.id, item);
        const link = item.resourceLinkId ? context.links.get(item.resourceLinkId) : undefined;
        if (link) link.lineItemId = item.id;
        return { status: 201, headers: { "content-type": "application/vnd.ims.lis.v2.lineitem+json" }, body: JSON.stringify({ ...item, id: this.lineItemUrl(context.id, item.id) }) };
      }
    }
    return json(405, {});
  }

  private memberships(req: http.IncomingMessage, url: URL, context: SimContext): { status: number; headers?: Record<string, string>; body?: string } {
    if (!this.authorized(req, SCOPES.memberships)) return json(401, {});
    if (req.headers.accept !== "application/vnd.ims.lti-nrps.v2.membershipcontainer+json") return json(406, {});
    const page = Number(url.searchParams.get("page") ?? "0");
    const all = [...this.users.values()];
    const slice = all.slice(page * this.pageSize, (page + 1) * this.pageSize);
    const headers: Record<string, string> = { "content-type": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json" };
    if ((page + 1) * this.pageSize < all.length) headers.link = `<${this.membershipsUrl(context.id)}?page=${page + 1}>; rel="next"`;
    const members = slice.map((u) => ({ user_id: u.sub, name: u.name, email: u.email, roles: [u.role], status: u.status ?? "Active" }));
    return { status: 200, headers, body: JSON.stringify({ id: this.membershipsUrl(context.id), context: { id: context.id, title: context.title }, members }) };
  }

  /** Deep Linking 2.0 §4.5: the tool's response must be signed by its published key and echo our data. */
  private async deepLinkReturn(url: URL, form: URLSearchParams): Promise<{ status: number; headers?: Record<string, string>; body?: string }> {
    const contextId = url.searchParams.get("context") ?? "";
    const context = this.contexts.get(contextId);
    if (!context) return { status: 404, body: "no such context" };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(form.get("JWT") ?? "", await this.toolKeys(), { issuer: this.clientId, audience: this.issuer, algorithms: ["RS256"], requiredClaims: ["iat", "exp", "nonce"] }));
    } catch (e) {
      return { status: 400, headers: { "content-type": "text/plain" }, body: `deep linking response refused: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (payload[LTI.messageType] !== "LtiDeepLinkingResponse" || payload[LTI.version] !== "1.3.0" || payload[LTI.deploymentId] !== this.deploymentId) {
      return { status: 400, headers: { "content-type": "text/plain" }, body: "deep linking response refused: message type, version or deployment" };
    }
    const items = (payload[LTI.contentItems] ?? []) as Record<string, unknown>[];
    this.deepLinkResponses.push({ contextId, items, data: payload[LTI.dlData] });
    const added: string[] = [];
    for (const item of items) {
      if (item.type !== "ltiResourceLink") continue;
      const lineItem = item.lineItem as { scoreMaximum?: number; label?: string; resourceId?: string } | undefined;
      const link = this.addLink(contextId, { title: typeof item.title === "string" ? item.title : "", custom: (item.custom ?? {}) as Record<string, string>, lineItem: lineItem?.scoreMaximum ? { scoreMaximum: lineItem.scoreMaximum, label: lineItem.label } : undefined });
      if (link.lineItemId && lineItem?.resourceId) {
        const li = context.lineItems.get(link.lineItemId);
        if (li) li.resourceId = lineItem.resourceId;
      }
      added.push(`<li data-link="${escape(link.id)}">${escape(link.title)}</li>`);
    }
    return html(`<h1 id="added">Added ${added.length} activities</h1><ul>${added.join("")}</ul>`);
  }
}

function json(status: number, body: unknown): { status: number; headers: Record<string, string>; body: string } {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(body: string): { status: number; headers: Record<string, string>; body: string } {
  return { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: `<!doctype html><html><head><meta charset="utf-8"><title>Simulated LMS</title></head><body>${body}</body></html>` };
}

/** A form the browser posts by itself (how platforms hand an id_token to the tool). */
function autoPost(action: string, fields: Record<string, string>): { status: number; headers: Record<string, string>; body: string } {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join("");
  return html(`<form method="post" action="${escape(action)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit()</script>`);
}

/** The fields of the self-posting form in an HTML answer (for tests that play the browser). */
export function formFields(page: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]*)"/.exec(page)?.[1] ?? "";
  const fields: Record<string, string> = {};
  for (const m of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescape(m[1] ?? "")] = unescape(m[2] ?? "");
  return { action: unescape(action), fields };
}

function unescape(text: string): string {
  return text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#39;/g, "'");
}
