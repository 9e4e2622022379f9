// A sign-in flood for `npm run bench:sign-in-flood` (full) and tests/load/sign-in-flood.e2e.test.ts
// (reduced): flooders post next-auth sign-ins with random emails, each from its own source address
// (127.0.2.x: on Linux all of 127/8 is loopback) and with a random X-Forwarded-For, as a
// distributed attack would. No per-account or per-address limit stops them, so what protects the
// rest of the server is how it hashes passwords (decision 061).
import { randomUUID } from "node:crypto";
import http from "node:http";
import { z } from "zod";
import { percentile } from "./run-load";

export interface FloodReport {
  attempts: number;
  /** Answered with a refusal ("Too many ..."): rate limit or the hashing cap. */
  refused: number;
  errors: number;
  seconds: number;
  p50_ms: number;
  p95_ms: number;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(agent: http.Agent, url: URL, method: string, urlPath: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: Number(url.port), method, path: urlPath, headers: { host: url.host, ...headers }, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A random IPv4 address, as a forged X-Forwarded-For would claim. */
export const randomIp = (): string => Array.from({ length: 4 }, () => 1 + Math.floor(Math.random() * 250)).join(".");

const csrfSchema = z.object({ csrfToken: z.string() });

/** Starts `flooders` (at most 250) flooders against `baseURL`; `stop()` ends them and reports. */
export function startSignInFlood(baseURL: string, flooders: number): { stop: () => Promise<FloodReport> } {
  const url = new URL(baseURL);
  const state = { stopped: false, attempts: 0, refused: 0, errors: 0, latencies: [] as number[] };
  const started = performance.now();
  const flooder = async (index: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.2.${1 + index}` });
    try {
      // One CSRF token per flooder: next-auth accepts it again with its cookie.
      const csrf = await request(agent, url, "GET", "/api/auth/csrf", {});
      const { csrfToken } = csrfSchema.parse(JSON.parse(csrf.body));
      const cookie = [csrf.headers["set-cookie"] ?? []].flat().map((c) => c.split(";")[0]).join("; ");
      while (!state.stopped) {
        const form = new URLSearchParams({ csrfToken, email: `flood-${randomUUID()}@example.com`, password: "guess-1234", json: "true" }).toString();
        const t0 = performance.now();
        try {
          const res = await request(agent, url, "POST", "/api/auth/callback/credentials", {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": String(Buffer.byteLength(form)),
            cookie,
            "x-forwarded-for": randomIp(),
          }, form);
          state.attempts++;
          state.latencies.push(performance.now() - t0);
          if (/Too(%20|\+| )many/.test(res.body)) state.refused++;
        } catch {
          state.errors++;
        }
      }
    } finally {
      agent.destroy();
    }
  };
  const running = Promise.all(Array.from({ length: Math.min(250, flooders) }, (_, i) => flooder(i)));
  return {
    async stop() {
      state.stopped = true;
      await running;
      const sorted = state.latencies.sort((a, b) => a - b);
      return {
        attempts: state.attempts,
        refused: state.refused,
        errors: state.errors,
        seconds: (performance.now() - started) / 1000,
        p50_ms: percentile(sorted, 50),
        p95_ms: percentile(sorted, 95),
      };
    },
  };
}
