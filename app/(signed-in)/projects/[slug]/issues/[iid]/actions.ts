"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireProject } from "@/lib/auth/require-project";
import { getSessionUser } from "@/lib/auth/session";
import { closeIssue as closeProjectIssue, reopenIssue as reopenProjectIssue } from "@/lib/db/issues";

// Close and reopen a built-in issue (Developer+, like triaging the errors they track).

export interface IssueStateFormState {
  ok: boolean;
  message: string | null;
}

const IssueAddress = z.object({ slug: z.string().min(1).max(64), iid: z.number().int().positive().max(2_147_483_647) });

const ACCESS_MESSAGES = {
  "not-found": "This issue does not exist, or you cannot see its project.",
  forbidden: "You need the Developer role or higher to close or reopen issues.",
} as const;

async function changeState(slug: unknown, iid: unknown, change: typeof closeProjectIssue): Promise<IssueStateFormState> {
  const address = IssueAddress.safeParse({ slug, iid });
  if (!address.success) return { ok: false, message: ACCESS_MESSAGES["not-found"] };
  const access = await requireProject(await getSessionUser(), address.data.slug, "errors:triage");
  if (!access.ok) return { ok: false, message: ACCESS_MESSAGES[access.error.kind] };
  const result = await change(access.value.project.id, address.data.iid);
  if (!result.ok) return { ok: false, message: ACCESS_MESSAGES["not-found"] };
  const issues = `/projects/${encodeURIComponent(access.value.project.slug)}/issues`;
  revalidatePath(issues);
  revalidatePath(`${issues}/${result.value.iid}`);
  return { ok: true, message: null };
}

export async function closeIssue(slug: string, iid: number, _previous: IssueStateFormState, _formData: FormData): Promise<IssueStateFormState> {
  return changeState(slug, iid, closeProjectIssue);
}

export async function reopenIssue(slug: string, iid: number, _previous: IssueStateFormState, _formData: FormData): Promise<IssueStateFormState> {
  return changeState(slug, iid, reopenProjectIssue);
}
