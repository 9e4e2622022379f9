// The operator's account commands (README "Scripts"), on the configured database:
//
//   npm run -s user:create -- --email <e> --role instructor|student [--name <n>]
//   npm run -s user:set-password -- --email <e>
//   npm run -s user:set-role -- --email <e> --role instructor|student
//   npm run -s course:set-owner -- --course <slug> --email <e>
//
// A password is read from stdin when something is piped in (`printf '%s' "$PW" | npm run ...`);
// otherwise one is generated and printed once. A new password or role ends every session of the
// account (decision 063). Exit code 0 on success, 1 when the account or course does not exist or
// the email is taken, 2 for usage errors.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { setCourseOwnerByEmail } from "@/lib/data/courses-admin";
import { disconnectDb } from "@/lib/data/db";
import { createUser, emailSchema, passwordSchema, setPasswordByEmail, setRoleByEmail } from "@/lib/data/users";
import { roleSchema } from "@/lib/data/access";
import { englishText } from "@/lib/i18n/translate";

const USAGE = `usage: npm run -s user:create -- --email <e> --role instructor|student [--name <n>]
       npm run -s user:set-password -- --email <e>
       npm run -s user:set-role -- --email <e> --role instructor|student
       npm run -s course:set-owner -- --course <slug> --email <e>
A password is read from stdin when one is piped in; otherwise a generated one is printed.`;

class UsageError extends Error {}

function field<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${flag}: ${englishText(parsed.error.issues[0]?.message ?? "invalid")}`);
  return parsed.data;
}

/** stdin's first line when something is piped in; null in a terminal or when nothing comes. */
async function pipedPassword(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  return line === "" ? null : line;
}

/** The piped password (checked like any other), or a generated one with ~144 bits. */
async function newPassword(): Promise<{ password: string; generated: boolean }> {
  const piped = await pipedPassword();
  if (piped !== null) return { password: field(passwordSchema, piped, "password (stdin)"), generated: false };
  return { password: randomBytes(18).toString("base64url"), generated: true };
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function run(command: string | undefined, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, course: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    say(USAGE);
    return 0;
  }
  const email = () => field(emailSchema, values.email, "--email");
  const role = () => field(roleSchema, values.role, "--role (instructor or student)");
  switch (command) {
    case "create": {
      const account = { email: email(), role: role(), name: values.name === undefined ? undefined : field(z.string().trim().min(1).max(100), values.name, "--name") };
      const { password, generated } = await newPassword();
      const created = await createUser({ email: account.email, password, name: account.name }, account.role);
      if (!created.ok) {
        process.stderr.write(`An account with the email ${account.email} already exists.\n`);
        return 1;
      }
      say(`Created ${account.role} ${account.email}.`);
      if (generated) say(`Password: ${password}`);
      return 0;
    }
    case "set-password": {
      const target = email();
      const { password, generated } = await newPassword();
      if (!(await setPasswordByEmail(target, password))) {
        process.stderr.write(`No account has the email ${target}.\n`);
        return 1;
      }
      say(`New password set for ${target}; its sessions have ended.`);
      if (generated) say(`Password: ${password}`);
      return 0;
    }
    case "set-role": {
      const target = email();
      const newRole = role();
      if (!(await setRoleByEmail(target, newRole))) {
        process.stderr.write(`No account has the email ${target}.\n`);
        return 1;
      }
      say(`${target} is now ${newRole === "instructor" ? "an instructor" : "a student"}; its sessions have ended.`);
      return 0;
    }
    case "set-course-owner": {
      const slug = field(z.string().min(1).max(64), values.course, "--course");
      const owner = email();
      const result = await setCourseOwnerByEmail(slug, owner);
      if (!result.ok) {
        process.stderr.write(`${result.message}\n`);
        return 1;
      }
      say(`${owner} now owns the course ${slug}.`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${command ?? "(none)"}`);
  }
}

try {
  const [command, ...argv] = process.argv.slice(2);
  process.exitCode = await run(command, argv);
} catch (e) {
  if (!(e instanceof UsageError) && !(e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) throw e;
  process.stderr.write(`${e.message}\n${USAGE}\n`);
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
