#!/usr/bin/env node
// Chainrule's stand-in for Prisma's native `schema-engine` binary (see
// docs/decisions/001-schema-engine-stand-in.md). Every Prisma CLI command wants to download that
// binary, which is impossible offline. prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here;
// the CLI spawns this script and speaks the engine's JSON-RPC over stdio; we forward each call to
// @prisma/schema-engine-wasm running on a driver adapter: better-sqlite3 for a SQLite "file:" URL,
// node-postgres (@prisma/adapter-pg) for a postgresql:// URL (decision 056).
//
// Migrations, migration_lock.toml and _prisma_migrations stay in Prisma's normal format, so a
// machine with the native engine can use the same migrations.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const WASM_PKG = "@prisma/schema-engine-wasm";
const SQLITE_SIDE_FILES = ["", "-journal", "-wal", "-shm"];

function argValue(name) {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

// Same stderr log format as the native engine: the CLI parses it for `cli` sub-commands
// (it skips the first line, then JSON-parses every other line).
function fail(code, message) {
  const info = { level: "INFO", target: "schema_engine::logger", fields: { message: "chainrule schema-engine shim" } };
  const err = { level: "ERROR", target: "schema_engine::logger", fields: { error_code: code, message } };
  process.stderr.write(JSON.stringify(info) + "\n" + JSON.stringify(err));
  process.exit(1);
}

function removeDatabaseFiles(file) {
  for (const suffix of SQLITE_SIDE_FILES) fs.rmSync(file + suffix, { force: true });
}

if (argv.includes("--version") || argv.includes("-V")) {
  const pkgJson = path.join(path.dirname(require.resolve(`${WASM_PKG}/schema_engine_bg`)), "package.json");
  const version = JSON.parse(fs.readFileSync(pkgJson, "utf8")).version.split(".").pop();
  console.log(`schema-engine-cli ${version} (chainrule wasm shim)`);
  process.exit(0);
}

const datasource = JSON.parse(argValue("--datasource") ?? "{}");
const url = datasource.url ?? process.env.DATABASE_URL;
const postgres = typeof url === "string" && /^postgres(ql)?:\/\//.test(url);
if (typeof url !== "string" || !(postgres || url.startsWith("file:"))) {
  fail("P1013", `schema-engine shim supports SQLite "file:" and "postgresql://" URLs, got: ${String(url)}`);
}
const dbFile = postgres ? null : path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));

// PostgreSQL: a second connection to the server's maintenance database creates and drops databases.
async function withPostgresAdmin(work) {
  const { default: pg } = await import("pg");
  const target = new URL(url);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client, decodeURIComponent(target.pathname.slice(1)));
  } finally {
    await client.end();
  }
}
const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

async function postgresCli(sub) {
  const { default: pg } = await import("pg");
  if (sub === "can-connect-to-database") {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      await client.end();
      process.exit(0);
    } catch (e) {
      // 3D000: the server answered, the database is missing (the CLI then offers to create it).
      fail(e?.code === "3D000" ? "P1003" : "P1001", String(e?.message ?? e));
    }
  }
  if (sub === "create-database") {
    await withPostgresAdmin((client, name) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
    process.exit(0);
  }
  if (sub === "drop-database") {
    await withPostgresAdmin((client, name) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`));
    process.exit(0);
  }
  fail("P1000", `schema-engine shim: unsupported cli command ${sub}`);
}

// `schema-engine --datasource … cli <command>`: used by ensureDatabaseExists and `db drop`.
const cliIndex = argv.indexOf("cli");
if (cliIndex >= 0) {
  const sub = argv[cliIndex + 1];
  if (postgres) await postgresCli(sub);
  if (sub === "can-connect-to-database") {
    if (fs.existsSync(dbFile)) process.exit(0);
    fail("P1003", `Database ${path.basename(dbFile)} does not exist at ${dbFile}`);
  }
  if (sub === "create-database") {
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    fs.closeSync(fs.openSync(dbFile, "a"));
    process.exit(0);
  }
  if (sub === "drop-database") {
    removeDatabaseFiles(dbFile);
    process.exit(0);
  }
  fail("P1000", `schema-engine shim: unsupported cli command ${sub}`);
}

const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");

// When replaying migrations on the shadow DB the wasm engine sends whole migration scripts through
// executeRaw, and better-sqlite3's prepare() rejects multi-statement SQL: fall back to
// executeScript (db.exec) for exactly that error.
const openAdapters = [];
function acceptMultiStatementRaw(factory) {
  const patch = (adapter) => {
    openAdapters.push(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      try {
        return await executeRaw(query);
      } catch (e) {
        const text = String(e?.message ?? e?.cause?.message ?? JSON.stringify(e));
        if (query.args?.length || !/more than one statement/.test(text)) throw e;
        await adapter.executeScript(query.sql);
        return 0;
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

let SchemaEngineClass;
async function loadEngineClass() {
  const bgPath = require.resolve(`${WASM_PKG}/schema_engine_bg`);
  const runtime = await import(`${WASM_PKG}/schema_engine_bg`);
  const wasm = new WebAssembly.Module(fs.readFileSync(path.join(path.dirname(bgPath), "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(wasm, { "./schema_engine_bg.js": runtime });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return runtime.SchemaEngine;
}

// The engine reads PostgreSQL's catalogs, some of whose columns have the one-byte type "char"
// (pg_constraint.contype, pg_class.relkind...). @prisma/adapter-pg maps no column type for it
// and fails the whole query ("Column type 'char' could not be deserialized"). Its values arrive as
// one-character strings, so this process reports those columns as text.
async function readPostgresCharAsText() {
  const { default: Result } = await import("pg/lib/result.js");
  const PG_CHAR = 18;
  const PG_TEXT = 25;
  const addFields = Result.prototype.addFields;
  Result.prototype.addFields = function (fields) {
    return addFields.call(this, fields.map((f) => (f.dataTypeID === PG_CHAR ? { ...f, dataTypeID: PG_TEXT } : f)));
  };
}

async function driverAdapterFactory() {
  if (postgres) {
    await readPostgresCharAsText();
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { parse } = await import("pg-connection-string");
    const config = { ...parse(url), connectionTimeoutMillis: 10_000 };
    const main = new PrismaPg(config);
    return {
      provider: main.provider,
      adapterName: main.adapterName,
      connect: () => main.connect(),
      // The shadow database (migrate dev, diff --from-migrations) is a temporary database on the
      // same server. Done here rather than by the adapter's own connectToShadowDb, which (7.10)
      // connects with the URL, whose database wins over the shadow's name in node-postgres (the
      // migrations were replayed on the real database), and drops the shadow database before
      // closing its own connections to it (which PostgreSQL refuses).
      connectToShadowDb: async () => {
        const admin = await main.connect();
        const name = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
        await admin.executeScript(`CREATE DATABASE "${name}"`);
        const shadow = await new PrismaPg({ ...config, database: name }).connect();
        const dispose = shadow.dispose.bind(shadow);
        shadow.dispose = async () => {
          await dispose();
          await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
          await admin.dispose();
        };
        return shadow;
      },
    };
  }
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  return new PrismaBetterSqlite3({ url: `file:${dbFile}` });
}

let engine;
let adapterFactory;
async function startEngine() {
  SchemaEngineClass ??= await loadEngineClass();
  adapterFactory = bindMigrationAwareSqlAdapterFactory(acceptMultiStatementRaw(await driverAdapterFactory()));
  const datamodels = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--datamodels") datamodels.push([argv[i + 1], fs.readFileSync(argv[i + 1], "utf8")]);
  }
  const log = process.env.DEBUG ? (m) => process.stderr.write(m + "\n") : () => {};
  engine = await SchemaEngineClass.new({ datamodels: datamodels.length ? datamodels : undefined }, log, adapterFactory);
}

const withoutMigrations = (list) => ({ ...list, migrationDirectories: [] });

// On a brand-new DB the wasm engine answers these with P1014 (no _prisma_migrations table) where
// the native engine would create it: create it by applying an empty migration list, then retry.
function retryAfterCreatingMigrationsTable(method) {
  return (params) =>
    engine[method](params).catch(async (e) => {
      if (e?.code !== "P1014") throw e;
      await engine.applyMigrations({ migrationsList: withoutMigrations(params.migrationsList), filters: params.filters });
      return engine[method](params);
    });
}

// The native engine prints `migrate diff` output through a `print` request back to the CLI.
let nextPrintId = 1e9;
const pendingPrints = new Map();
function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}
function print(content) {
  const id = nextPrintId++;
  send({ jsonrpc: "2.0", id, method: "print", params: { content } });
  return new Promise((resolve) => pendingPrints.set(id, resolve));
}

const handlers = {
  getDatabaseVersion: () => engine.version(),
  devDiagnostic: retryAfterCreatingMigrationsTable("devDiagnostic"),
  diagnoseMigrationHistory: retryAfterCreatingMigrationsTable("diagnoseMigrationHistory"),
  // The wasm `reset` on SQLite only DELETEs rows; a real reset starts from an empty file.
  reset: async (params) => {
    if (postgres) return engine.reset(params);
    engine.free();
    for (const a of openAdapters.splice(0)) await a.dispose().catch(() => {});
    removeDatabaseFiles(dbFile);
    await startEngine();
    return {};
  },
  diff: async (params) => {
    const result = await engine.diff(params);
    if (result.stdout) await print(result.stdout.replace(/\n$/, ""));
    return { exitCode: result.exitCode };
  },
  createDatabase: async () => ({ databaseName: postgres ? decodeURIComponent(new URL(url).pathname.slice(1)) : path.basename(dbFile) }),
};

function toRpcError(e) {
  let message = e?.message ?? String(e);
  // Driver-adapter errors reach the engine only as an id; attach the real cause for the user.
  const match = /External error id#(\d+)/.exec(message);
  const registered = match && adapterFactory?.errorRegistry.consumeError(Number(match[1]));
  if (registered) {
    message += `\nCaused by: ${registered.error?.message ?? JSON.stringify(registered.error?.cause ?? registered.error)}`;
  }
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: { is_panic: false, message, error_code: e?.code, meta: e?.meta },
  };
}

await startEngine();

// The engine is not re-entrant: handle requests strictly one at a time, in order.
const queue = [];
let busy = false;
async function pump() {
  if (busy) return;
  busy = true;
  while (queue.length) {
    const request = queue.shift();
    try {
      const handler =
        handlers[request.method] ??
        ((params) => {
          if (typeof engine[request.method] !== "function") {
            throw Object.assign(new Error(`schema-engine shim: method ${request.method} not supported`), { code: "P1000" });
          }
          return engine[request.method](params);
        });
      const result = await handler(request.params);
      send({ jsonrpc: "2.0", id: request.id, result: result ?? {} });
    } catch (e) {
      send({ jsonrpc: "2.0", id: request.id, error: toRpcError(e) });
    }
  }
  busy = false;
}

readline
  .createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on("line", (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line);
    if (message.method === undefined && pendingPrints.has(message.id)) {
      pendingPrints.get(message.id)();
      pendingPrints.delete(message.id);
      return;
    }
    queue.push(message);
    void pump();
  })
  // The CLI closes stdin to stop the engine. Exit explicitly: the wasm engine leaves a 60 s timer.
  .on("close", async () => {
    while (busy || queue.length) await new Promise((r) => setTimeout(r, 10));
    try {
      engine.free();
    } catch {
      // already freed by a reset that failed half-way; nothing left to release
    }
    for (const a of openAdapters) await a.dispose().catch(() => {});
    process.exit(0);
  });
