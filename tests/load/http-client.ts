// A minimal HTTP client with a cookie jar, playing a browser the way the load benchmark and the
// security tests need: next-auth credentials sign-in (CSRF token + cookies), the JSON submission
// API, and raw server-action calls (POST with a Next-Action header), all over real HTTP.
import http from "node:http";
import net from "node:net";
import { z } from "zod";

export interface HttpSessionOptions {
  /**
   * Source address of this client's TCP connections, e.g. "127.0.0.7": on Linux all of 127/8 is
   * loopback, so each test can be a different client as the server sees it (the TCP peer).
   */
  localAddress?: string;
}

export class HttpSession {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly baseURL: string,
    readonly options: HttpSessionOptions = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has("cookie")) headers.set("cookie", this.cookieHeader());
    const url = new URL(path, this.baseURL);
    const res = this.options.localAddress
      ? await requestFrom(this.options.localAddress, url, init.method ?? "GET", headers, init.body)
      : await fetch(url, { redirect: "manual", ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair === undefined || eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // An expired or emptied cookie is next-auth clearing it.
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Has a next-auth session cookie (the JWT). */
  get signedIn(): boolean {
    return [...this.cookies.keys()].some((k) => k.endsWith("next-auth.session-token"));
  }
}

/**
 * One HTTP/1.1 request over a connection from `localAddress` to the server's IPv4 loopback (fetch
 * cannot choose its source address), answered as a fetch Response. The Host header stays the
 * server's own, as a browser would send it.
 */
function requestFrom(localAddress: string, url: URL, method: string, headers: Headers, body: RequestInit["body"]): Promise<Response> {
  if (body !== undefined && body !== null && typeof body !== "string" && !(body instanceof Uint8Array)) {
    throw new Error("requestFrom sends string or byte bodies only");
  }
  return new Promise((resolve, reject) => {
    const outgoing: Record<string, string> = { host: url.host };
    headers.forEach((value, key) => (outgoing[key] = value));
    const req = http.request(
      { host: "127.0.0.1", port: Number(url.port || 80), path: `${url.pathname}${url.search}`, method, headers: outgoing, localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const answer = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            for (const v of [value ?? []].flat()) answer.append(key, v);
          }
          const status = res.statusCode ?? 500;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: answer }));
        });
      },
    );
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

const csrfSchema = z.object({ csrfToken: z.string().min(1) });

export type SignInOutcome = { ok: true } | { ok: false; error: string; status: number };

/** next-auth credentials sign-in over HTTP: GET /api/auth/csrf, then POST the callback with the token. */
export async function signInHttp(session: HttpSession, email: string, password: string): Promise<SignInOutcome> {
  const { csrfToken } = csrfSchema.parse(await (await session.request("/api/auth/csrf")).json());
  const res = await session.request("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  // With json=true next-auth answers { url } (the error page URL) instead of redirecting.
  const body = z.object({ url: z.string() }).safeParse(await res.json().catch(() => null));
  if (session.signedIn) return { ok: true };
  const location = res.headers.get("location") ?? (body.success ? body.data.url : "");
  const error = location ? (new URL(location, session.baseURL).searchParams.get("error") ?? location) : `HTTP ${res.status}`;
  return { ok: false, error, status: res.status };
}

export const submissionStatusSchema = z.object({
  id: z.string(),
  status: z.enum(["queued", "running", "graded", "error"]),
  score: z.number().nullable(),
  gradable: z.boolean().nullable(),
  error: z.string().nullable(),
  result: z
    .object({
      score: z.number(),
      gradable: z.boolean(),
      tests: z.array(z.object({ name: z.string(), passed: z.boolean(), message: z.string() }).loose()),
      error: z.object({ kind: z.string(), message: z.string() }).loose().nullable().optional(),
    })
    .loose()
    .nullable(),
});
export type SubmissionStatus = z.infer<typeof submissionStatusSchema>;

// Built once: zod compiles a schema on its first parses, which costs more than the parse itself.
const idSchema = z.object({ id: z.string() });

export interface PostedSubmission {
  status: number;
  body: unknown;
  id: string | null;
}

/** POST /api/submissions: answered 202 once the row is stored (postSubmissionLean waits for the grade). */
export async function postSubmission(
  session: HttpSession,
  input: { exerciseId: string; code: string; mode?: "public" | "hidden" },
  extraHeaders: Record<string, string> = {},
): Promise<PostedSubmission> {
  const res = await session.request("/api/submissions", {
    method: "POST",
    headers: { "content-type": "application/json", ...extraHeaders },
    body: JSON.stringify(input),
  });
  const body: unknown = await res.json().catch(() => null);
  const id = idSchema.safeParse(body);
  return { status: res.status, body, id: id.success ? id.data.id : null };
}

// The load benchmark's 100 students share this machine's 2 cores with the server they measure,
// where real students would each bring their own machine. So their submissions are written as
// raw HTTP/1.1 on one kept-alive socket per student, and only what the benchmark reads is parsed
// from the answer: a fraction of node:http's client-side CPU, itself a fraction of fetch's
// (decision 047).

/** One kept-alive connection per session for postSubmissionLean (one request at a time). */
const leanSockets = new WeakMap<HttpSession, net.Socket>();

function leanSocket(session: HttpSession): Promise<net.Socket> {
  const open = leanSockets.get(session);
  if (open !== undefined && !open.destroyed && open.writable) return Promise.resolve(open);
  const url = new URL(session.baseURL);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 80) });
    socket.setNoDelay(true);
    socket.once("connect", () => {
      socket.off("error", reject);
      // An idle socket's error (the server closed it) only marks it destroyed: the next request
      // opens a new one. Errors during a request reach readAnswer's own listener.
      socket.on("error", () => undefined);
      leanSockets.set(session, socket);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

/** Reads one HTTP/1.1 answer with a Content-Length from `socket`. */
function readAnswer(socket: net.Socket): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let buffered: Buffer = Buffer.alloc(0);
    let head: { status: number; headers: Map<string, string>; bodyStart: number } | null = null;
    const finish = (outcome: RawAnswer | Error) => {
      socket.off("data", onData);
      socket.off("error", onEnd);
      socket.off("close", onEnd);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onEnd = (err?: unknown) => finish(err instanceof Error ? err : new Error("connection closed before the answer ended"));
    const onData = (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      if (head === null) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        const lines = buffered.subarray(0, end).toString("latin1").split("\r\n");
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "")?.[1]);
        if (!Number.isInteger(status)) return finish(new Error(`not an HTTP answer: ${lines[0] ?? ""}`));
        const headers = new Map<string, string>();
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(":");
          if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        head = { status, headers, bodyStart: end + 4 };
      }
      const body = buffered.subarray(head.bodyStart);
      const length = head.headers.get("content-length");
      if (length !== undefined) {
        if (body.length >= Number(length)) finish({ status: head.status, headers: head.headers, body: body.subarray(0, Number(length)) });
        return;
      }
      // res.json() in a pages/api route always sends Content-Length; anything else is reported.
      finish(new Error("answer without Content-Length"));
    };
    socket.on("data", onData);
    socket.once("error", onEnd);
    socket.once("close", onEnd);
  });
}

/** POST /api/submissions?wait=… as postSubmission, as raw HTTP/1.1 (see leanSockets above). */
export async function postSubmissionLean(
  session: HttpSession,
  input: { exerciseId: string; code: string; mode?: "public" | "hidden" },
  waitMs: number,
): Promise<PostedSubmission> {
  const payload = Buffer.from(JSON.stringify(input), "utf8");
  const socket = await leanSocket(session);
  const host = new URL(session.baseURL).host;
  const head =
    `POST /api/submissions?wait=${waitMs} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${payload.byteLength}\r\nCookie: ${session.cookieHeader()}\r\n\r\n`;
  const answer = readAnswer(socket);
  socket.write(Buffer.concat([Buffer.from(head, "latin1"), payload]));
  const { status, headers, body: raw } = await answer;
  if (/close/i.test(headers.get("connection") ?? "")) socket.destroy();
  let body: unknown = null;
  try {
    body = JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    body = null;
  }
  const id = idSchema.safeParse(body);
  return { status, body, id: id.success ? id.data.id : null };
}

/** Long-polls GET /api/submissions/:id until it is graded or failed (or `timeoutMs` passes). */
export async function waitForResult(session: HttpSession, id: string, timeoutMs = 60_000): Promise<{ status: number; body: SubmissionStatus | null; http5xx: number }> {
  const deadline = Date.now() + timeoutMs;
  let http5xx = 0;
  for (;;) {
    const left = deadline - Date.now();
    const res = await session.request(`/api/submissions/${encodeURIComponent(id)}?wait=${Math.max(0, Math.min(20_000, left))}`);
    if (res.status >= 500) http5xx++;
    if (res.status !== 200) {
      await res.arrayBuffer();
      if (res.status >= 500 && left > 0) {
        // A server or its database briefly down: ask again shortly, as a browser's poll would.
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      return { status: res.status, body: null, http5xx };
    }
    const body = submissionStatusSchema.parse(await res.json());
    if (body.status === "graded" || body.status === "error" || Date.now() >= deadline) return { status: 200, body, http5xx };
  }
}

/** A FormData argument of a server action, as plain fields. */
export interface FormArg {
  form: Record<string, string>;
}

function isFormArg(v: unknown): v is FormArg {
  return typeof v === "object" && v !== null && "form" in v;
}

/**
 * Calls a server action the way React's client does: POST to a page that uses it, with the action
 * id in `Next-Action` and the arguments in React's reply encoding (JSON; a FormData argument
 * becomes "$K<n>" with its fields sent as multipart parts "_<n>_<name>", React 19.3's layout). Returns the raw response
 * (a React Flight stream).
 */
export async function callServerAction(
  session: HttpSession,
  input: { page: string; actionId: string; args: unknown[]; origin?: string },
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {
    "next-action": input.actionId,
    accept: "text/x-component",
    origin: input.origin ?? new URL(session.baseURL).origin,
  };
  let body: string | FormData;
  if (input.args.some(isFormArg)) {
    const form = new FormData();
    let ref = 0;
    const encoded = input.args.map((a) => {
      if (!isFormArg(a)) return a;
      ref++;
      for (const [k, v] of Object.entries(a.form)) form.append(`_${ref.toString(16)}_${k}`, v);
      return `$K${ref.toString(16)}`;
    });
    form.append("0", JSON.stringify(encoded));
    body = form;
  } else {
    headers["content-type"] = "text/plain;charset=UTF-8";
    body = JSON.stringify(input.args);
  }
  const res = await session.request(input.page, { method: "POST", headers, body });
  return { status: res.status, text: await res.text() };
}
