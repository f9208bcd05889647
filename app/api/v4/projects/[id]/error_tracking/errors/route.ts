import "server-only";
import { z } from "zod";
import { getBackendForProject } from "@/lib/errors/backend-for-project";
import { paginationHeaders } from "@/lib/rest/pagination";
import { answerApiRequest, problemOfBackendFailure, problemOfInvalidInput, respondWithProblem } from "@/lib/rest/problem";
import { serializeError } from "@/lib/rest/serializers";
import { authorizeProjectRequest } from "@/lib/rest/token-auth";

// GET /api/v4/projects/:id/error_tracking/errors — one page of a project's errors (Reporter+).

const ErrorListParams = z.object({
  status: z.enum(["unresolved", "resolved", "ignored"]).optional(),
  search: z.string().max(255).optional(),
  sort: z.enum(["last_seen", "first_seen", "frequency"]).default("last_seen"),
  cursor: z.string().max(1000).optional(),
  per_page: z.coerce.number().int().min(1).default(20).transform((n) => Math.min(n, 100)),
});

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  return answerApiRequest(async () => {
    const { id } = await ctx.params;
    const access = await authorizeProjectRequest(request, id, "errors:read");
    if (!access.ok) return respondWithProblem(access.error);
    const params = ErrorListParams.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!params.success) return respondWithProblem(problemOfInvalidInput(params.error));
    const { per_page: perPage, ...query } = params.data;
    const backend = await getBackendForProject(access.value.project);
    const page = await backend.listErrors({ ...query, perPage });
    if (!page.ok) return respondWithProblem(problemOfBackendFailure(page.error));
    return Response.json(page.value.errors.map(serializeError), {
      headers: paginationHeaders(request.url, page.value.nextCursor),
    });
  });
}
