import "server-only";
import { getConfig } from "@/lib/config";
import { createClientKey, listClientKeys } from "@/lib/db/client-keys";
import { answerApiRequest, respondWithProblem } from "@/lib/rest/problem";
import { serializeClientKey } from "@/lib/rest/serializers";
import { authorizeProjectRequest } from "@/lib/rest/token-auth";

// GET  /api/v4/projects/:id/error_tracking/client_keys — the project's DSN keys, revoked ones included (Maintainer+).
// POST /api/v4/projects/:id/error_tracking/client_keys — a new key (Maintainer+).

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, ctx: Context) {
  return answerApiRequest(async () => {
    const access = await authorizeProjectRequest(request, (await ctx.params).id, "settings:manage");
    if (!access.ok) return respondWithProblem(access.error);
    const keys = await listClientKeys(access.value.project.id);
    return Response.json(keys.map((key) => serializeClientKey(key, getConfig().publicUrl)));
  });
}

export async function POST(request: Request, ctx: Context) {
  return answerApiRequest(async () => {
    const access = await authorizeProjectRequest(request, (await ctx.params).id, "settings:manage");
    if (!access.ok) return respondWithProblem(access.error);
    const key = await createClientKey(access.value.project.id);
    return Response.json(serializeClientKey(key, getConfig().publicUrl), { status: 201 });
  });
}
