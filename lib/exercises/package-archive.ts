import { gunzipSync, gzipSync } from "node:zlib";
import { slugSchema } from "./schema";

// Export / import of one exercise package as `<slug>.tar.gz`, holding `<slug>/exercise.json`,
// `<slug>/prompt.md`, ... exactly as the folder sits under exercises/ in the repository, so
// `tar xzf x.tar.gz -C exercises/` adds it to the course. POSIX ustar, written and read here
// (a few dozen lines) rather than with a dependency; only regular UTF-8 text files are allowed,
// which is all a package holds. Validation of the content is the loader's job
// (loadPackageFromFiles); this module only guards the container: paths, sizes, counts.
// See docs/decisions/033-package-archive-format.md.

export const MAX_ARCHIVE_BYTES = 2 * 1024 * 1024;
export const MAX_PACKAGE_FILES = 200;
const BLOCK = 512;

export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArchiveError";
  }
}

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length > length) throw new ArchiveError(`name too long for a tar header: ${value}`);
  bytes.copy(buf, offset);
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  // length - 1 digits then NUL, as ustar readers expect.
  writeString(buf, offset, length, value.toString(8).padStart(length - 1, "0") + "\0");
}

function header(name: string, size: number, mtime: number, type = "0"): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    // ustar splits long names at a '/' into prefix (155) + name (100).
    const cut = name.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new ArchiveError(`path too long for an archive: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  writeString(h, 0, 100, base);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  h.write(type, 156, "ascii"); // "0" regular file, "L" GNU long name
  writeString(h, 257, 6, "ustar\0");
  writeString(h, 263, 2, "00");
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  writeString(h, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return h;
}

/** `<slug>.tar.gz` bytes of a package's files map, paths in sorted order (stable output). */
export function packageToTarGz(slug: string, files: Record<string, string>, mtime = new Date()): Buffer {
  const slugCheck = slugSchema.safeParse(slug);
  if (!slugCheck.success) throw new ArchiveError(`invalid slug "${slug}"`);
  const seconds = Math.floor(mtime.getTime() / 1000);
  const chunks: Buffer[] = [];
  for (const path of Object.keys(files).sort()) {
    assertSafePath(path);
    const name = `${slug}/${path}`;
    const body = Buffer.from(files[path] ?? "", "utf8");
    if (fitsUstar(name)) {
      chunks.push(...entry(header(name, body.length, seconds), body));
    } else {
      // GNU long-name entry (understood by GNU tar, bsdtar and our reader) for what ustar cannot hold.
      chunks.push(...entry(header("././@LongLink", Buffer.byteLength(name) + 1, seconds, "L"), Buffer.from(`${name}\0`, "utf8")));
      chunks.push(...entry(header(asciiPrefix(name), body.length, seconds), body));
    }
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(chunks));
}

function fitsUstar(name: string): boolean {
  if (Buffer.byteLength(name) <= 100) return true;
  const cut = name.lastIndexOf("/", 155);
  return cut > 0 && Buffer.byteLength(name.slice(0, cut)) <= 155 && Buffer.byteLength(name.slice(cut + 1)) <= 100;
}

/** A 100-byte stand-in name for the header that follows a GNU long-name entry. */
function asciiPrefix(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, "_").slice(0, 100);
}

function entry(head: Buffer, body: Buffer): Buffer[] {
  const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
  return pad > 0 ? [head, body, Buffer.alloc(pad)] : [head, body];
}

function assertSafePath(path: string): void {
  if (path === "" || path.startsWith("/") || path.includes("\\") || path.split("/").some((p) => p === ".." || p === "." || p === "")) {
    throw new ArchiveError(`unsafe path in package: "${path}"`);
  }
}

function readString(buf: Buffer, offset: number, length: number): string {
  const slice = buf.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end === -1 ? length : end).toString("utf8");
}

function readOctal(buf: Buffer, offset: number, length: number): number {
  const text = readString(buf, offset, length).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError("corrupt tar header (size field)");
  return parseInt(text, 8);
}

export interface UnpackedPackage {
  slug: string;
  files: Record<string, string>;
}

/**
 * Reads a `.tar.gz` (or plain `.tar`) of one package folder. Accepts `<slug>/...` and
 * `exercises/<slug>/...` layouts; refuses anything else: several folders, links, absolute or
 * `..` paths, binary files, too many or too large files.
 */
export function unpackPackageArchive(data: Uint8Array): UnpackedPackage {
  if (data.byteLength > MAX_ARCHIVE_BYTES) throw new ArchiveError(`the archive is larger than ${MAX_ARCHIVE_BYTES / 1024 / 1024} MB`);
  let tar = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (tar[0] === 0x1f && tar[1] === 0x8b) {
    try {
      tar = gunzipSync(tar, { maxOutputLength: MAX_ARCHIVE_BYTES * 4 });
    } catch {
      throw new ArchiveError("not a valid .tar.gz file (gzip data is corrupt or too large)");
    }
  }
  if (tar.length < BLOCK || readString(tar, 257, 5) !== "ustar") {
    throw new ArchiveError("not a tar archive (export a package from Chainrule or use `tar czf slug.tar.gz slug/`)");
  }
  const raw: { path: string; text: string }[] = [];
  let offset = 0;
  let pendingLongName: string | null = null;
  while (offset + BLOCK <= tar.length) {
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) break;
    let stored = 0x20 * 8;
    for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) stored += h[i] ?? 0;
    if (stored !== readOctal(h, 148, 8)) throw new ArchiveError("corrupt tar header (checksum)");
    const size = readOctal(h, 124, 12);
    const type = String.fromCharCode(h[156] ?? 0);
    const prefix = readString(h, 345, 155);
    const name = pendingLongName ?? (prefix ? `${prefix}/${readString(h, 0, 100)}` : readString(h, 0, 100));
    const bodyStart = offset + BLOCK;
    const body = tar.subarray(bodyStart, bodyStart + size);
    if (body.length < size) throw new ArchiveError("truncated tar archive");
    offset = bodyStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "L") {
      // GNU long name: the next entry's real path.
      pendingLongName = body.toString("utf8").replace(/\0+$/, "");
      continue;
    }
    pendingLongName = null;
    if (type === "x" || type === "g" || type === "5") continue; // pax metadata, directories
    if (type !== "0" && type !== "\0") throw new ArchiveError(`"${name}": only regular files are allowed (no links or devices)`);
    const clean = name.replace(/^\.\//, "");
    if (clean.split("/").some((p) => p.startsWith("."))) continue; // ._AppleDouble, .DS_Store
    const text = body.toString("utf8");
    if (text.includes("\uFFFD") || text.includes("\0")) throw new ArchiveError(`"${clean}" is not a UTF-8 text file`);
    raw.push({ path: clean, text });
    if (raw.length > MAX_PACKAGE_FILES) throw new ArchiveError(`more than ${MAX_PACKAGE_FILES} files`);
  }
  if (raw.length === 0) throw new ArchiveError("the archive holds no files");

  const strip = raw.every((f) => f.path.startsWith("exercises/")) ? "exercises/" : "";
  const roots = new Set(raw.map((f) => f.path.slice(strip.length).split("/")[0] ?? ""));
  if (roots.size !== 1 || raw.some((f) => !f.path.slice(strip.length).includes("/"))) {
    throw new ArchiveError("the archive must hold exactly one folder <slug>/ with the package files inside");
  }
  const slug = [...roots][0] ?? "";
  const slugCheck = slugSchema.safeParse(slug);
  if (!slugCheck.success) throw new ArchiveError(`folder name "${slug}": ${slugCheck.error.issues[0]?.message ?? "invalid"}`);
  const files: Record<string, string> = {};
  for (const f of raw) {
    const rel = f.path.slice(strip.length + slug.length + 1);
    assertSafePath(rel);
    files[rel] = f.text;
  }
  return { slug, files };
}
