import "server-only";
import { z } from "zod";
import { openErrorRoute, type ErrorRouteParams } from "@/lib/rest/error-route";
import { answerApiRequest, problemOfBackendFailure, problemOfInvalidInput, respondWithProblem } from "@/lib/rest/problem";
import { serializeError, serializeErrorDetails } from "@/lib/rest/serializers";

// GET  /api/v4/projects/:id/error_tracking/errors/:error_id — details (Reporter+).
// PUT  /api/v4/projects/:id/error_tracking/errors/:error_id — `status`, as JSON body or query (Developer+).

const StatusChange = z.object({ status: z.enum(["unresolved", "resolved", "ignored"]) });

type Context = { params: Promise<ErrorRouteParams> };

export async function GET(request: Request, ctx: Context) {
  return answerApiRequest(async () => {
    const route = await openErrorRoute(request, await ctx.params, "errors:read");
    if (!route.ok) return route.response;
    const { backend, errorId } = route.value;
    const error = await backend.getError(errorId);
    if (!error.ok) return respondWithProblem(problemOfBackendFailure(error.error));
    return Response.json(serializeErrorDetails(error.value));
  });
}

export async function PUT(request: Request, ctx: Context) {
  return answerApiRequest(async () => {
    const route = await openErrorRoute(request, await ctx.params, "errors:triage");
    if (!route.ok) return route.response;
    const { backend, errorId } = route.value;
    const body = await readParameters(request);
    if (body === null) return respondWithProblem({ kind: "bad-request", message: "body must be a JSON object" });
    const change = StatusChange.safeParse(body);
    if (!change.success) return respondWithProblem(problemOfInvalidInput(change.error));
    const error = await backend.setStatus(errorId, change.data.status);
    if (!error.ok) return respondWithProblem(problemOfBackendFailure(error.error));
    return Response.json(serializeError(error.value));
  });
}

/** GitLab takes parameters from the query string or the body; the body wins. Null: unreadable body. */
async function readParameters(request: Request): Promise<Record<string, unknown> | null> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const text = await request.text();
  if (text.trim() === "") return query;
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === "object" && body !== null && !Array.isArray(body) ? { ...query, ...body } : null;
  } catch {
    return null;
  }
}
