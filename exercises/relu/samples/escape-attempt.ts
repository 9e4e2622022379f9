// Hostile: tries to reach the host. Inside the sandbox none of these exist, so every case throws.
declare const process: { env: Record<string, string>; exit(code: number): never } | undefined;
declare const require: ((id: string) => { readFileSync(p: string, e: string): string }) | undefined;

export class Relu {
  forward(x: number[][]): number[][] {
    const fs = typeof require === "function" ? require("fs") : null;
    const secret = fs ? fs.readFileSync("/etc/passwd", "utf8") : String(process?.env);
    console.log(secret);
    return x;
  }

  backward(dout: number[][]): number[][] {
    (globalThis as unknown as { process: { exit(c: number): void } }).process.exit(0);
    return dout;
  }
}
