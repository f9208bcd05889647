import "server-only";
import {
  changeErrorTrackingState,
  configureErrorTracking,
  readErrorTrackingSettings,
} from "@/lib/errors/error-tracking-settings";
import { parseSettingsPatch, parseSettingsPut, problemOfSettingsFailure } from "@/lib/rest/error-tracking-settings-params";
import { answerApiRequest, respondWithProblem } from "@/lib/rest/problem";
import { serializeErrorTrackingSettings } from "@/lib/rest/serializers";
import { authorizeProjectRequest } from "@/lib/rest/token-auth";

// GET   /api/v4/projects/:id/error_tracking/settings — GitLab's shape (Maintainer+).
// PATCH /api/v4/projects/:id/error_tracking/settings — `active`, optional `integrated` (Maintainer+).
// PUT   /api/v4/projects/:id/error_tracking/settings — `{active, integrated: true}`, or for Sentry
//       `{active, integrated: false, api_host, token, project: {organization_slug, slug}}`,
//       verified against Sentry before it is saved (Maintainer+). The token is never answered.

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, ctx: Context) {
  return answerApiRequest(async () => {
    const access = await authorizeProjectRequest(request, (await ctx.params).id, "settings:manage");
    if (!access.ok) return respondWithProblem(access.error);
    return Response.json(serializeErrorTrackingSettings(await readErrorTrackingSettings(access.value.project.id)));
  });
}

export async function PATCH(request: Request, ctx: Context) {
  return answerApiRequest(async () => {
    const access = await authorizeProjectRequest(request, (await ctx.params).id, "settings:manage");
    if (!access.ok) return respondWithProblem(access.error);
    const change = await parseSettingsPatch(request);
    if (!change.ok) return respondWithProblem(change.error);
    const saved = await changeErrorTrackingState(access.value.project.id, change.value);
    if (!saved.ok) return respondWithProblem(problemOfSettingsFailure(saved.error));
    return Response.json(serializeErrorTrackingSettings(saved.value));
  });
}

export async function PUT(request: Request, ctx: Context) {
  return answerApiRequest(async () => {
    const access = await authorizeProjectRequest(request, (await ctx.params).id, "settings:manage");
    if (!access.ok) return respondWithProblem(access.error);
    const choice = await parseSettingsPut(request);
    if (!choice.ok) return respondWithProblem(choice.error);
    const saved = await configureErrorTracking(access.value.project.id, choice.value);
    if (!saved.ok) return respondWithProblem(problemOfSettingsFailure(saved.error));
    return Response.json(serializeErrorTrackingSettings(saved.value));
  });
}
