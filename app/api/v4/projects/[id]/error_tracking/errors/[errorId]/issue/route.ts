import "server-only";
import { getBackendForProject } from "@/lib/errors/backend-for-project";
import { ErrorIdParams } from "@/lib/rest/path-params";
import { answerApiRequest, problemOfBackendFailure, problemOfInvalidInput, respondWithProblem } from "@/lib/rest/problem";
import { serializeIssue } from "@/lib/rest/serializers";
import { authorizeProjectRequest } from "@/lib/rest/token-auth";

// POST /api/v4/projects/:id/error_tracking/errors/:error_id/issue — creates the error's issue
// (Developer+). 201 with the new issue; when one is already linked, 200 with that issue, so
// a retried request never makes a second one.

export async function POST(request: Request, ctx: { params: Promise<{ id: string; errorId: string }> }) {
  return answerApiRequest(async () => {
    const { id, errorId: rawErrorId } = await ctx.params;
    const access = await authorizeProjectRequest(request, id, "errors:triage");
    if (!access.ok) return respondWithProblem(access.error);
    const params = ErrorIdParams.safeParse({ errorId: rawErrorId });
    if (!params.success) return respondWithProblem(problemOfInvalidInput(params.error));
    const backend = await getBackendForProject(access.value.project);
    const result = await backend.createIssue(params.data.errorId, access.value.caller);
    if (!result.ok) return respondWithProblem(problemOfBackendFailure(result.error));
    return Response.json(serializeIssue(result.value.issue), { status: result.value.created ? 201 : 200 });
  });
}
