import "server-only";
import { openErrorRoute, type ErrorRouteParams } from "@/lib/rest/error-route";
import { answerApiRequest, problemOfBackendFailure, respondWithProblem } from "@/lib/rest/problem";
import { serializeIssue } from "@/lib/rest/serializers";

// POST /api/v4/projects/:id/error_tracking/errors/:error_id/issue — creates the error's issue
// (Developer+). 201 with the new issue; when one is already linked, 200 with that issue, so
// a retried request never makes a second one.

export async function POST(request: Request, ctx: { params: Promise<ErrorRouteParams> }) {
  return answerApiRequest(async () => {
    const route = await openErrorRoute(request, await ctx.params, "errors:triage");
    if (!route.ok) return route.response;
    const { backend, errorId, caller } = route.value;
    const result = await backend.createIssue(errorId, caller);
    if (!result.ok) return respondWithProblem(problemOfBackendFailure(result.error));
    return Response.json(serializeIssue(result.value.issue), { status: result.value.created ? 201 : 200 });
  });
}
