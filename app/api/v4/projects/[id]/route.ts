import "server-only";
import { deleteProject } from "@/lib/db/projects";
import { forgetCachedIngestKeys } from "@/lib/hosting/node-ingest-runtime";
import { answerApiRequest, respondWithProblem } from "@/lib/rest/problem";
import { authorizeProjectRequest } from "@/lib/rest/token-auth";

// DELETE /api/v4/projects/:id — the project and everything in it (Owner). GitLab answers
// `202 Accepted` and deletes in the background; here the deletion is done when it answers.

type Context = { params: Promise<{ id: string }> };

export async function DELETE(request: Request, ctx: Context) {
  return answerApiRequest(async () => {
    const access = await authorizeProjectRequest(request, (await ctx.params).id, "project:delete");
    if (!access.ok) return respondWithProblem(access.error);
    await deleteProject(access.value.project.id);
    // Its keys are gone: this process's ingestion refuses them at once, others within a second.
    forgetCachedIngestKeys();
    return Response.json({ message: "202 Accepted" }, { status: 202 });
  });
}
