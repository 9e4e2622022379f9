// A real redis-server for the tests that need one (rate limits shared by several web servers):
// its own process on a free port, no persistence, stopped after the test file. `.ci/run` installs
// Debian's redis-server when it is missing.
import { spawn } from "node:child_process";
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

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * A redis-server on a free port. The port can be taken between choosing and binding it (other
 * test processes run meanwhile): a server that exits at start is tried again on another port.
 */
export async function startRedisServer(): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(REDIS_SERVER_PATH, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const deadline = Date.now() + 10_000;
    while (child.exitCode === null && Date.now() < deadline && !(await answers(port))) await new Promise((r) => setTimeout(r, 50));
    if (child.exitCode === null && (await answers(port))) {
      return {
        url: `redis://127.0.0.1:${port}`,
        async stop() {
          child.kill("SIGTERM");
          await exited;
        },
      };
    }
    child.kill("SIGKILL");
    if (attempt === 3) throw new Error(`redis-server (${REDIS_SERVER_PATH}) did not start`);
  }
}
