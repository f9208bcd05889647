import "server-only";
import { z } from "zod";
import {
  SentryApiUrl,
  SentrySlug,
  SentryToken,
  type ErrorTrackingChoice,
  type SettingsFailure,
  type SettingsField,
} from "@/lib/errors/error-tracking-settings";
import { problemOfInvalidInput, type ApiProblem } from "@/lib/rest/problem";

// Parameters of `PATCH` and `PUT …/error_tracking/settings` (SPEC §8). GitLab's clients send
// `active` and `integrated` in the query string (gitbeaker, go-gitlab) or the body; the body
// wins. The Sentry part, token included, only comes in a JSON body: a token in a URL ends up
// in access logs, so one there is refused.

/** GitLab (Grape) booleans: JSON true/false, or "true"/"false"/"1"/"0" from a query string. */
const Flag = z.union([
  z.boolean(),
  z.enum(["true", "1"]).transform(() => true),
  z.enum(["false", "0"]).transform(() => false),
], { error: "must be true or false" });

export const SettingsPatchParams = z.object({
  active: Flag,
  integrated: Flag.optional(),
});

const SentryProjectParam = z.object(
  { organization_slug: SentrySlug, slug: SentrySlug },
  { error: "must be an object with organization_slug and slug" },
);

/** `integrated` read as a flag first, so that it can pick the shape of the rest. */
const SettingsPutParams = z.preprocess(
  (input) => {
    if (typeof input !== "object" || input === null || !("integrated" in input)) return input;
    const integrated = Flag.safeParse(input.integrated);
    return integrated.success ? { ...input, integrated: integrated.data } : input;
  },
  z.discriminatedUnion(
    "integrated",
    [
      z.object({ active: Flag, integrated: z.literal(true) }).transform(
        (params): ErrorTrackingChoice => ({ backend: "integrated", active: params.active }),
      ),
      z
        .object({
          active: Flag,
          integrated: z.literal(false),
          api_host: SentryApiUrl,
          token: SentryToken.optional().transform((token) => token ?? null),
          project: SentryProjectParam,
        })
        .transform(
          (params): ErrorTrackingChoice => ({
            backend: "sentry",
            active: params.active,
            apiUrl: params.api_host,
            token: params.token,
            project: { organizationSlug: params.project.organization_slug, slug: params.project.slug },
          }),
        ),
    ],
    { error: "must be true or false" },
  ),
);

export type ParsedParams<T> = { ok: true; value: T } | { ok: false; error: ApiProblem };

/** Query string and JSON body, the body winning; a refusal for an unreadable body or a token in the URL. */
async function readSettingsParameters(request: Request): Promise<ParsedParams<Record<string, unknown>>> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  if ("token" in query) {
    return { ok: false, error: { kind: "bad-request", message: "token must be sent in a JSON body, not in the URL" } };
  }
  const text = await request.text();
  if (text.trim() === "") return { ok: true, value: query };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: { kind: "bad-request", message: "body must be a JSON object" } };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, error: { kind: "bad-request", message: "body must be a JSON object" } };
  }
  return { ok: true, value: { ...query, ...body } };
}

export async function parseSettingsPatch(request: Request): Promise<ParsedParams<z.infer<typeof SettingsPatchParams>>> {
  const params = await readSettingsParameters(request);
  if (!params.ok) return params;
  const parsed = SettingsPatchParams.safeParse(params.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: problemOfInvalidInput(parsed.error) };
}

export async function parseSettingsPut(request: Request): Promise<ParsedParams<ErrorTrackingChoice>> {
  const params = await readSettingsParameters(request);
  if (!params.ok) return params;
  const parsed = SettingsPutParams.safeParse(params.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: problemOfInvalidInput(parsed.error) };
}

const PARAMETER_OF: Record<SettingsField, string> = {
  active: "active",
  backend: "integrated",
  apiUrl: "api_host",
  token: "token",
  project: "project",
  rateLimit: "rate_limit",
};

/**
 * Invalid settings (Sentry refused the token, cannot see the project, …) answer 400 naming the
 * parameter; Sentry out of reach answers 502. Neither message contains the token.
 */
export function problemOfSettingsFailure(failure: SettingsFailure): ApiProblem {
  if (failure.kind === "sentry-unavailable") return { kind: "unavailable", message: `Sentry: ${failure.message}` };
  const [field, message] = (Object.entries(failure.fieldErrors)[0] ?? []) as [SettingsField | undefined, string | undefined];
  if (field === undefined || message === undefined) return { kind: "bad-request", message: failure.message };
  return { kind: "bad-request", message: `${PARAMETER_OF[field]}: ${message}` };
}
