// A real redis-server for the tests and benchmarks that need one (rate limits shared by several
// web servers, the BullMQ queue): its own process on a free port, stopped by the caller. `.ci/run`
// installs Debian's redis-server when it is missing.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort } from "../e2e/server";

export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server";

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (d) => {
      socket.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}

export interface RedisServerOptions {
  /**
   * Keep data in this directory with the append-only file, fsync'd every second: what a
   * deployment relies on (docs/deploy.md), so a restart loses no queued job. Without it: memory only.
   */
  dataDir?: string;
}

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server as an operator would (SIGTERM: it writes its data first) and starts it again on the same port. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

function spawnRedis(port: number, options: RedisServerOptions): ChildProcess {
  const persistence = options.dataDir ? ["--dir", options.dataDir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""] : ["--save", "", "--appendonly", "no"];
  return spawn(REDIS_SERVER_PATH, ["--port", String(port), "--bind", "127.0.0.1", ...persistence], { stdio: ["ignore", "ignore", "inherit"] });
}

async function started(child: ChildProcess, port: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (child.exitCode === null && Date.now() < deadline && !(await answers(port))) await new Promise((r) => setTimeout(r, 50));
  return child.exitCode === null && (await answers(port));
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * A redis-server on a free port. The port can be taken between choosing and binding it (other
 * test processes run meanwhile): a server that exits at start is tried again on another port.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let child = spawnRedis(port, options);
    if (await started(child, port)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        async restart({ downMs = 0 } = {}) {
          await stopped(child);
          if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
          child = spawnRedis(port, options);
          if (!(await started(child, port))) throw new Error(`redis-server did not start again on port ${port}`);
        },
        stop: () => stopped(child),
      };
    }
    child.kill("SIGKILL");
    if (attempt === 3) throw new Error(`redis-server (${REDIS_SERVER_PATH}) did not start`);
  }
}
