import { checkDatabase } from "@/lib/data/health";

// Liveness + database check; scripts and tests poll it to know the server is ready.
export async function GET(): Promise<Response> {
  const ok = await checkDatabase();
  return Response.json({ ok }, { status: ok ? 200 : 503 });
}
