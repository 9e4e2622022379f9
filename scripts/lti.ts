// The operator's LTI commands (README "Scripts", docs/lti.md), on the configured database:
//
//   npm run -s lti:register -- --name <n> --issuer <url> --client-id <id> --login-url <url>
//        --token-url <url> --jwks-url <url> --deployment <id> [--deployment <id>...]
//        [--frame-origin <origin>...] [--token-audience <aud>] [--trust-email]
//   npm run -s lti:register -- --list          registered platforms and the values to paste
//   npm run -s lti:register -- --remove <issuer> --client-id <id>
//   npm run -s lti:keys -- list | rotate
//   npm run -s lti:admin -- --email <e> [--remove]
//
// Exit code 0 on success, 1 when something named does not exist, 2 for bad input (each problem
// named on stderr).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { disconnectDb } from "@/lib/data/db";
import { listPlatforms, registerPlatform, removePlatform, setSiteAdminByEmail, toolRegistrationValues, type PlatformDto } from "@/lib/lti/platforms";
import { listToolKeys, rotateToolKey, ensureToolKey } from "@/lib/lti/tool-keys";

// The tool's private keys are encrypted under a key derived from NEXTAUTH_SECRET, which lives in
// .env for `npm start`: the same file is read here (variables already set win).
const envFile = path.join(import.meta.dirname, "..", ".env");
if (fs.existsSync(envFile)) process.loadEnvFile(envFile);

const USAGE = `usage:
  npm run -s lti:register -- --name <name> --issuer <url> --client-id <id> \\
      --login-url <url> --token-url <url> --jwks-url <url> --deployment <id> [--deployment <id> ...] \\
      [--frame-origin <origin> ...] [--token-audience <aud>] [--trust-email]
  npm run -s lti:register -- --list
  npm run -s lti:register -- --remove <issuer> --client-id <id>
  npm run -s lti:keys -- list | rotate
  npm run -s lti:admin -- --email <e> [--remove]

lti:register registers an LMS (LTI 1.3 platform) or updates the one with the same issuer and
client id. The LMS shows these values when Chainrule is added to it as a tool:
  --issuer         the platform id / issuer (https://moodle.example.edu)
  --client-id      the client id the LMS gave Chainrule
  --login-url      its OIDC authentication request URL (Moodle: …/mod/lti/auth.php)
  --token-url      its OAuth 2 access token URL (Moodle: …/mod/lti/token.php)
  --jwks-url       its public keyset URL (Moodle: …/mod/lti/certs.php)
  --deployment     a deployment id (repeat for several)
  --frame-origin   another origin that shows Chainrule in a frame (Canvas: https://school.instructure.com)
  --token-audience the client assertion's audience, if the LMS wants other than the token URL
  --trust-email    link a launch to the existing account with the same email (not administrators)
URLs must be https:// (http:// only on localhost). See docs/lti.md.`;

class UsageError extends Error {}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function printValues(): void {
  const v = toolRegistrationValues();
  say("Values to paste into the LMS:");
  say(`  Login initiation URL:        ${v.loginUrl}`);
  say(`  Redirect URI / target link:  ${v.launchUrl}`);
  say(`  Deep linking URL:            ${v.deepLinkingUrl}`);
  say(`  Public keyset (JWKS) URL:    ${v.jwksUrl}`);
  say(`  Domain:                      ${v.domain}`);
}

function printPlatform(p: PlatformDto): void {
  say(`${p.name}`);
  say(`  issuer ${p.issuer}  client id ${p.clientId}`);
  say(`  deployments ${p.deploymentIds.join(", ")}`);
  say(`  login ${p.authLoginUrl}`);
  say(`  token ${p.tokenUrl}${p.tokenAudience ? ` (audience ${p.tokenAudience})` : ""}`);
  say(`  jwks ${p.jwksUrl}`);
  say(`  may frame Chainrule: ${p.frameOrigins.join(" ")}${p.trustEmail ? "; links accounts by email" : ""}`);
}

async function register(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      name: { type: "string" },
      issuer: { type: "string" },
      "client-id": { type: "string" },
      "login-url": { type: "string" },
      "token-url": { type: "string" },
      "jwks-url": { type: "string" },
      deployment: { type: "string", multiple: true },
      "frame-origin": { type: "string", multiple: true },
      "token-audience": { type: "string" },
      "trust-email": { type: "boolean" },
      list: { type: "boolean" },
      remove: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    say(USAGE);
    return 0;
  }
  if (values.list) {
    const platforms = await listPlatforms();
    if (platforms.length === 0) say("No LMS platform is registered.");
    platforms.forEach(printPlatform);
    say("");
    printValues();
    return 0;
  }
  if (values.remove !== undefined) {
    if (values["client-id"] === undefined) throw new UsageError("--remove needs --client-id");
    const platform = (await listPlatforms()).find((p) => p.issuer === values.remove && p.clientId === values["client-id"]);
    if (!platform) {
      process.stderr.write(`No platform with issuer ${values.remove} and client id ${values["client-id"]} is registered.\n`);
      return 1;
    }
    await removePlatform(platform.id);
    say(`Removed ${platform.name}.`);
    return 0;
  }
  const required = ["name", "issuer", "client-id", "login-url", "token-url", "jwks-url", "deployment"] as const;
  const missing = required.filter((k) => values[k] === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(", ")}`);
  const result = await registerPlatform({
    name: values.name,
    issuer: values.issuer,
    clientId: values["client-id"],
    authLoginUrl: values["login-url"],
    tokenUrl: values["token-url"],
    jwksUrl: values["jwks-url"],
    tokenAudience: values["token-audience"],
    deploymentIds: values.deployment,
    frameOrigins: values["frame-origin"] ?? [],
    trustEmail: values["trust-email"] ?? false,
  });
  if (!result.ok) {
    const flag: Record<string, string> = { authLoginUrl: "--login-url", tokenUrl: "--token-url", jwksUrl: "--jwks-url", clientId: "--client-id", deploymentIds: "--deployment", frameOrigins: "--frame-origin", tokenAudience: "--token-audience" };
    for (const error of result.errors) {
      const [field = "", ...rest] = error.split(":");
      const name = field.split(".")[0] ?? field;
      process.stderr.write(`${flag[name] ?? `--${name}`}:${rest.join(":")}\n`);
    }
    return 2;
  }
  await ensureToolKey();
  say(`${result.created ? "Registered" : "Updated"} ${result.platform.name}.`);
  printPlatform(result.platform);
  say("");
  printValues();
  return 0;
}

async function keys(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (rest.length > 0 || (action !== "list" && action !== "rotate")) throw new UsageError("lti:keys takes one of: list, rotate");
  if (action === "rotate") {
    const rotated = await rotateToolKey();
    say(`New signing key ${rotated.current}.`);
    if (rotated.previous) say(`Previous key ${rotated.previous} stays published until the next rotation.`);
    if (rotated.retired) say(`Retired ${rotated.retired}.`);
    return 0;
  }
  await ensureToolKey();
  for (const k of await listToolKeys()) say(`${k.slot.padEnd(8)} ${k.kid}  created ${k.createdAt.toISOString()}`);
  return 0;
}

async function admin(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { email: { type: "string" }, remove: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    say(USAGE);
    return 0;
  }
  if (values.email === undefined) throw new UsageError("missing --email");
  const result = await setSiteAdminByEmail(values.email, values.remove !== true);
  if (!result.ok) {
    process.stderr.write(`${result.message}\n`);
    return result.message.startsWith("--email") ? 2 : 1;
  }
  say(values.remove ? `${values.email} is ${result.changed ? "no longer" : "not"} a site administrator.` : `${values.email} is ${result.changed ? "now" : "already"} a site administrator.`);
  return 0;
}

try {
  const [command, ...argv] = process.argv.slice(2);
  if (command === "register") process.exitCode = await register(argv);
  else if (command === "keys") process.exitCode = await keys(argv);
  else if (command === "admin") process.exitCode = await admin(argv);
  else throw new UsageError(`unknown command ${command ?? "(none)"}`);
} catch (e) {
  if (!(e instanceof UsageError) && !(e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) throw e;
  process.stderr.write(`${e.message}\n(npm run -s lti:register -- --help lists every command and option)\n`);
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
