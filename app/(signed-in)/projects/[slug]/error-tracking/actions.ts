"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ProjectSummary } from "@/lib/db/projects";
import { requireProject } from "@/lib/auth/require-project";
import { getSessionUser, type SignedInUser } from "@/lib/auth/session";
import type { BackendFailure, BackendResult, ErrorsBackend, ErrorStatus } from "@/lib/errors/backend";
import { getBackendForProject } from "@/lib/errors/backend-for-project";

// Triage from the details page: resolve, ignore, unresolve, create issue. Each action checks
// who is asking on its own (a call forged past the hidden buttons is refused like any other),
// asks the project's backend, and has the pages rendered again. Failures come back as a
// sentence for the button to show.

export type TriageResult = { ok: true; message: string } | { ok: false; message: string };

const TriageInput = z.object({
  slug: z.string().min(1).max(200),
  errorId: z.coerce.number().int().positive().max(2_147_483_647),
});

function describeFailure(failure: BackendFailure): string {
  switch (failure.kind) {
    case "not-found":
      return "This error no longer exists.";
    case "unavailable":
      return failure.message;
    case "invalid-cursor":
      return "The request could not be understood. Reload the page and try again.";
  }
}

async function triage(
  formData: FormData,
  refusal: string,
  run: (context: { backend: ErrorsBackend; project: ProjectSummary; user: SignedInUser; errorId: number }) => Promise<BackendResult<unknown>>,
  success: string,
): Promise<TriageResult> {
  const input = TriageInput.safeParse({ slug: formData.get("slug"), errorId: formData.get("errorId") });
  if (!input.success) return { ok: false, message: "The request could not be understood. Reload the page and try again." };
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "You are signed out. Sign in again to continue." };
  const access = await requireProject(user, input.data.slug, "errors:triage");
  if (!access.ok) {
    return { ok: false, message: access.error.kind === "forbidden" ? refusal : "This project does not exist, or you cannot see it." };
  }
  const { project } = access.value;
  const backend = await getBackendForProject(project);
  const result = await run({ backend, project, user, errorId: input.data.errorId });
  if (!result.ok) return { ok: false, message: describeFailure(result.error) };
  const list = `/projects/${encodeURIComponent(project.slug)}/error-tracking`;
  revalidatePath(`${list}/${input.data.errorId}`);
  revalidatePath(list);
  return { ok: true, message: success };
}

const STATUS_REFUSAL = "Only Developers, Maintainers and Owners can change an error's status.";

function setStatus(status: ErrorStatus, success: string) {
  return (formData: FormData) =>
    triage(formData, STATUS_REFUSAL, ({ backend, errorId }) => backend.setStatus(errorId, status), success);
}

export async function resolveError(_previous: TriageResult | null, formData: FormData): Promise<TriageResult> {
  return setStatus("resolved", "Resolved.")(formData);
}

export async function ignoreError(_previous: TriageResult | null, formData: FormData): Promise<TriageResult> {
  return setStatus("ignored", "Ignored.")(formData);
}

export async function unresolveError(_previous: TriageResult | null, formData: FormData): Promise<TriageResult> {
  return setStatus("unresolved", "Marked as unresolved.")(formData);
}

export async function createIssue(_previous: TriageResult | null, formData: FormData): Promise<TriageResult> {
  return triage(
    formData,
    "Only Developers, Maintainers and Owners can create issues from errors.",
    ({ backend, user, errorId }) => backend.createIssue(errorId, { id: user.id }),
    "Issue created.",
  );
}
