import "server-only";
import { deleteProjectAndForgetItsKeys } from "@/lib/projects/delete-project";
import { answerApiRequest, respondWithProblem } from "@/lib/rest/problem";
import { authorizeProjectRequest } from "@/lib/rest/token-auth";

// DELETE /api/v4/projects/:id — the project and everything in it (Owner). GitLab answers
// `202 Accepted` and deletes in the background; here the deletion is done when it answers.

type Context = { params: Promise<{ id: string }> };

export async function DELETE(request: Request, ctx: Context) {
  return answerApiRequest(async () => {
    const access = await authorizeProjectRequest(request, (await ctx.params).id, "project:delete");
    if (!access.ok) return respondWithProblem(access.error);
    await deleteProjectAndForgetItsKeys(access.value.project.id);
    return Response.json({ message: "202 Accepted" }, { status: 202 });
  });
}
