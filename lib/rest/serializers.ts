import type { IssueSummary, TrackedErrorDetails, TrackedErrorSummary } from "@/lib/errors/backend";
import type { ClientKeySummary } from "@/lib/db/client-keys";
import type { ErrorTrackingSettingsView } from "@/lib/errors/error-tracking-settings";
import type { StackException } from "@/lib/errors/event-details";
import { formatDsn } from "@/lib/projects/dsn";

// The REST API's JSON shapes (SPEC §8): snake_case, dates as ISO 8601 strings.

export function serializeError(error: TrackedErrorSummary) {
  return {
    id: error.id,
    title: error.title,
    culprit: error.culprit,
    status: error.status,
    platform: error.platform,
    level: error.level,
    events_count: error.eventsCount,
    users_count: error.usersCount,
    first_seen_at: error.firstSeenAt.toISOString(),
    last_seen_at: error.lastSeenAt.toISOString(),
    first_release: error.firstRelease,
    last_release: error.lastRelease,
    external_url: error.externalUrl,
  };
}

function serializeStackTrace(stackTrace: StackException[]) {
  return stackTrace.map((exception) => ({
    type: exception.type,
    value: exception.value,
    module: exception.module,
    frames: exception.frames.map((frame) => ({
      filename: frame.filename,
      abs_path: frame.absPath,
      module: frame.module,
      function: frame.function,
      lineno: frame.lineno,
      colno: frame.colno,
      in_app: frame.inApp,
      pre_context: frame.preContext,
      context_line: frame.contextLine,
      post_context: frame.postContext,
    })),
  }));
}

export function serializeIssue(issue: IssueSummary) {
  return {
    id: issue.id,
    iid: issue.iid,
    project_id: issue.projectId,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    created_at: issue.createdAt.toISOString(),
    updated_at: issue.updatedAt.toISOString(),
    closed_at: issue.closedAt?.toISOString() ?? null,
    web_url: issue.webUrl,
  };
}

export function serializeErrorDetails(error: TrackedErrorDetails) {
  return {
    ...serializeError(error),
    stack_trace: serializeStackTrace(error.stackTrace),
    tags: error.tags,
    latest_event: error.latestEvent?.payload ?? null,
    issue: error.issue ? serializeIssue(error.issue) : null,
  };
}

/** GitLab's client key shape; the secret key is never part of it. */
export function serializeClientKey(key: ClientKeySummary, publicUrl: string) {
  return {
    id: key.id,
    active: key.revokedAt === null,
    public_key: key.publicKey,
    sentry_dsn: formatDsn(key.publicKey, key.projectId, publicUrl),
  };
}

/** GitLab's Error Tracking settings shape; the Sentry token is never part of it. */
export function serializeErrorTrackingSettings(settings: ErrorTrackingSettingsView) {
  return {
    active: settings.active,
    project_name: settings.projectName,
    sentry_external_url: settings.sentryExternalUrl,
    api_url: settings.apiUrl,
    integrated: settings.integrated,
  };
}
