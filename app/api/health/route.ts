import { checkDatabase } from "@/lib/data/health";
import { submissionQueue } from "@/lib/submissions";

// Liveness + database check; scripts, tests and load balancers poll it to know the server is
// ready. `grading` says how submissions are graded from here (docs/deploy.md): a web server with
// the BullMQ queue stays up (and stores submissions) while Redis or every worker is away.
export async function GET(): Promise<Response> {
  const [ok, grading] = await Promise.all([checkDatabase(), submissionQueue().health()]);
  return Response.json({ ok, grading }, { status: ok ? 200 : 503 });
}
