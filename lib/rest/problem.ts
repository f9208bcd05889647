import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { BackendFailure } from "@/lib/errors/backend";
import type { ProjectAccessFailure } from "@/lib/auth/require-project";

// The REST API's one mapping from expected failures to responses, in GitLab's shape:
// `{"message": "404 Project Not Found"}` with the matching status. The unexpected becomes a
// generic 500 carrying an id that is also logged, never the underlying message.

export type ApiProblem =
  | { kind: "unauthorized" }
  | { kind: "forbidden" }
  | { kind: "not-found"; what: "Project" | "Error" | "Client Key" }
  | { kind: "bad-request"; message: string }
  | { kind: "unavailable"; message: string };

export function respondWithProblem(problem: ApiProblem): Response {
  switch (problem.kind) {
    case "unauthorized":
      return Response.json({ message: "401 Unauthorized" }, { status: 401 });
    case "forbidden":
      return Response.json({ message: "403 Forbidden" }, { status: 403 });
    case "not-found":
      return Response.json({ message: `404 ${problem.what} Not Found` }, { status: 404 });
    case "bad-request":
      return Response.json({ message: `400 Bad request - ${problem.message}` }, { status: 400 });
    case "unavailable":
      return Response.json({ message: `502 Bad Gateway - ${problem.message}` }, { status: 502 });
  }
}

export function problemOfProjectAccess(failure: ProjectAccessFailure): ApiProblem {
  return failure.kind === "forbidden" ? { kind: "forbidden" } : { kind: "not-found", what: "Project" };
}

export function problemOfBackendFailure(failure: BackendFailure): ApiProblem {
  switch (failure.kind) {
    case "not-found":
      return { kind: "not-found", what: "Error" };
    case "invalid-cursor":
      return { kind: "bad-request", message: "cursor is invalid" };
    case "unavailable":
      return { kind: "unavailable", message: failure.message };
  }
}

/** `status: Invalid option: expected one of …` — the first problem, named by its parameter. */
export function problemOfInvalidInput(error: z.ZodError): ApiProblem {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return { kind: "bad-request", message: `${where}${issue?.message ?? "invalid parameters"}` };
}

/** Runs a handler; anything it throws is logged by id and answered with a generic 500. */
export async function answerApiRequest(handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    const id = randomUUID();
    const name = error instanceof Error ? error.name : typeof error;
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
    console.error(`api: unexpected failure ${id} (${name}${code ? ` ${code}` : ""})`, error instanceof Error ? error.stack : "");
    return Response.json({ message: "500 Internal Server Error", id }, { status: 500 });
  }
}
