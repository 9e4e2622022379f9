import { publicJwks } from "@/lib/lti/tool-keys";

// GET /api/lti/jwks: the tool's public keys (current and previous), for platforms to verify what
// Chainrule signs (deep-linking responses, client assertions). Public by nature; cached briefly
// so a rotation reaches platforms within minutes.
export async function GET(): Promise<Response> {
  return Response.json(await publicJwks(), { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } });
}
