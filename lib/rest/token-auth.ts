import "server-only";
import { authenticateAccessToken } from "@/lib/auth/access-tokens";
import type { Action, Role, SessionUser } from "@/lib/auth/permissions";
import { requireProject } from "@/lib/auth/require-project";
import type { ProjectSummary } from "@/lib/db/projects";
import { problemOfProjectAccess, type ApiProblem } from "@/lib/rest/problem";

// Who is calling the REST API: a personal access token from `PRIVATE-TOKEN: <token>` or
// `Authorization: Bearer <token>`. Then, for project routes, whether they may (lib/auth).

export type ApiCaller = SessionUser & { email: string };

function readToken(request: Request): string | null {
  const privateToken = request.headers.get("private-token")?.trim();
  if (privateToken) return privateToken;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match ? match[1]! : null;
}

export async function authenticateApiRequest(
  request: Request,
): Promise<{ ok: true; value: ApiCaller } | { ok: false; error: ApiProblem }> {
  const token = readToken(request);
  if (token === null) return { ok: false, error: { kind: "unauthorized" } };
  const result = await authenticateAccessToken(token);
  if (!result.ok) return { ok: false, error: { kind: "unauthorized" } };
  const { id, email, isAdmin } = result.value.user;
  return { ok: true, value: { id, email, isAdmin } };
}

/** Authenticates the caller and checks `action` on the project named by the route's `:id`. */
export async function authorizeProjectRequest(
  request: Request,
  idOrSlug: string,
  action: Action,
): Promise<{ ok: true; value: { caller: ApiCaller; project: ProjectSummary; role: Role } } | { ok: false; error: ApiProblem }> {
  const caller = await authenticateApiRequest(request);
  if (!caller.ok) return caller;
  const access = await requireProject(caller.value, idOrSlug, action);
  if (!access.ok) return { ok: false, error: problemOfProjectAccess(access.error) };
  return { ok: true, value: { caller: caller.value, ...access.value } };
}
