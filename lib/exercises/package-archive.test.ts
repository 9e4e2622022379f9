import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPackageFromFiles, readPackageFiles } from "./loader";
import { ArchiveError, packageToTarGz, unpackPackageArchive } from "./package-archive";

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-archive-"));
}

describe("package archives", () => {
  it("round-trips a repository package and the result still loads", async () => {
    const files = await readPackageFiles("exercises/mul-layer");
    const archive = packageToTarGz("mul-layer", files);
    const back = unpackPackageArchive(archive);
    expect(back.slug).toBe("mul-layer");
    expect(back.files).toEqual(files);
    const pkg = loadPackageFromFiles(back.slug, back.files);
    expect(pkg.kind).toBe("code");
  });

  it("is readable by the system tar as exercises/<slug>/", () => {
    const dir = tmp();
    const long = `samples/${"x".repeat(120)}.ts`;
    const archive = packageToTarGz("demo-item", { "exercise.json": "{}", "prompt.md": "# 안녕", [long]: "export {}" });
    fs.writeFileSync(path.join(dir, "a.tar.gz"), archive);
    execFileSync("tar", ["xzf", "a.tar.gz"], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, "demo-item", "prompt.md"), "utf8")).toBe("# 안녕");
    expect(fs.readFileSync(path.join(dir, "demo-item", long), "utf8")).toBe("export {}");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads archives made by the system tar, with or without the exercises/ prefix", () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, "exercises", "my-item", "samples"), { recursive: true });
    fs.writeFileSync(path.join(dir, "exercises", "my-item", "exercise.json"), "{}");
    fs.writeFileSync(path.join(dir, "exercises", "my-item", "samples", "a.ts"), "1");
    execFileSync("tar", ["czf", "with-prefix.tar.gz", "exercises/my-item"], { cwd: dir });
    execFileSync("tar", ["czf", "../plain.tar.gz", "my-item"], { cwd: path.join(dir, "exercises") });
    for (const name of ["with-prefix.tar.gz", "plain.tar.gz"]) {
      const out = unpackPackageArchive(fs.readFileSync(path.join(dir, name)));
      expect(out).toEqual({ slug: "my-item", files: { "exercise.json": "{}", "samples/a.ts": "1" } });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses what is not one package folder of text files", () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, "a"));
    fs.mkdirSync(path.join(dir, "b"));
    fs.writeFileSync(path.join(dir, "a", "x"), "1");
    fs.writeFileSync(path.join(dir, "b", "y"), "2");
    execFileSync("tar", ["czf", "two.tar.gz", "a", "b"], { cwd: dir });
    expect(() => unpackPackageArchive(fs.readFileSync(path.join(dir, "two.tar.gz")))).toThrow(/exactly one folder/);
    fs.symlinkSync("/etc/passwd", path.join(dir, "a", "link"));
    execFileSync("tar", ["czf", "link.tar.gz", "a"], { cwd: dir });
    expect(() => unpackPackageArchive(fs.readFileSync(path.join(dir, "link.tar.gz")))).toThrow(/only regular files/);
    fs.mkdirSync(path.join(dir, "Bad_Name"));
    fs.writeFileSync(path.join(dir, "Bad_Name", "x"), "1");
    execFileSync("tar", ["czf", "bad.tar.gz", "Bad_Name"], { cwd: dir });
    expect(() => unpackPackageArchive(fs.readFileSync(path.join(dir, "bad.tar.gz")))).toThrow(/kebab-case/);
    expect(() => unpackPackageArchive(Buffer.from("hello"))).toThrow(ArchiveError);
    expect(() => packageToTarGz("x", { "../evil": "1" })).toThrow(/unsafe path/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
