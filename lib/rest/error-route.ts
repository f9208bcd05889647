import "server-only";
import type { Action } from "@/lib/auth/permissions";
import type { ErrorsBackend } from "@/lib/errors/backend";
import { getBackendForProject } from "@/lib/errors/backend-for-project";
import { ErrorIdParams } from "@/lib/rest/path-params";
import { problemOfInvalidInput, respondWithProblem } from "@/lib/rest/problem";
import { authorizeProjectRequest, type ApiCaller } from "@/lib/rest/token-auth";

// What every `…/errors/:error_id…` route does first: who asks, may they, which error, which backend.

export interface ErrorRouteParams {
  id: string;
  errorId: string;
}

export type OpenedErrorRoute =
  | { ok: true; value: { caller: ApiCaller; backend: ErrorsBackend; errorId: number } }
  | { ok: false; response: Response };

export async function openErrorRoute(request: Request, params: ErrorRouteParams, action: Action): Promise<OpenedErrorRoute> {
  const access = await authorizeProjectRequest(request, params.id, action);
  if (!access.ok) return { ok: false, response: respondWithProblem(access.error) };
  const parsed = ErrorIdParams.safeParse({ errorId: params.errorId });
  if (!parsed.success) return { ok: false, response: respondWithProblem(problemOfInvalidInput(parsed.error)) };
  const backend = await getBackendForProject(access.value.project);
  return { ok: true, value: { caller: access.value.caller, backend, errorId: parsed.data.errorId } };
}
