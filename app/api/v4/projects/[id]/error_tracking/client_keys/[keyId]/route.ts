import "server-only";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { revokeClientKey } from "@/lib/db/client-keys";
import { forgetCachedIngestKeys } from "@/lib/hosting/node-ingest-runtime";
import { answerApiRequest, problemOfInvalidInput, respondWithProblem } from "@/lib/rest/problem";
import { serializeClientKey } from "@/lib/rest/serializers";
import { authorizeProjectRequest } from "@/lib/rest/token-auth";

// DELETE /api/v4/projects/:id/error_tracking/client_keys/:key_id — revokes the key (Maintainer+).
// Ingestion in this process refuses it with 403 at once; other processes sharing the database
// within a second (their key caches expire). The revoked
// key stays listed as inactive, so that events it sent can still be traced to it.

const KeyIdParams = z.object({ keyId: z.string().regex(/^\d{1,9}$/, "must be a positive integer").transform(Number) });

export async function DELETE(request: Request, ctx: { params: Promise<{ id: string; keyId: string }> }) {
  return answerApiRequest(async () => {
    const { id, keyId } = await ctx.params;
    const access = await authorizeProjectRequest(request, id, "settings:manage");
    if (!access.ok) return respondWithProblem(access.error);
    const params = KeyIdParams.safeParse({ keyId });
    if (!params.success) return respondWithProblem(problemOfInvalidInput(params.error));
    const revoked = await revokeClientKey(access.value.project.id, params.data.keyId);
    if (!revoked.ok) return respondWithProblem({ kind: "not-found", what: "Client Key" });
    forgetCachedIngestKeys();
    return Response.json(serializeClientKey(revoked.value, getConfig().publicUrl));
  });
}
