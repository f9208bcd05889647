import "server-only";
import { toIssueSummary } from "@/lib/errors/issue-summary";
import { closeIssueForSentryIssue, createIssueForSentryIssue, findIssueForSentryIssue, type IssueRecord } from "@/lib/db/issues";
import type {
  BackendFailure,
  BackendResult,
  ErrorListQuery,
  ErrorSort,
  ErrorStatus,
  ErrorsBackend,
  IssueSummary,
  LatestEvent,
  TrackedErrorSummary,
} from "@/lib/errors/backend";
import { extractStackTrace, extractTags } from "@/lib/errors/event-details";
import { composeIssueDescription } from "@/lib/errors/issue-description";
import {
  createSentryClient,
  sentryApiRoot,
  type SentryClientOptions,
  type SentryEvent,
  type SentryFailure,
  type SentryIssue,
  type SentryIssueSort,
  type SentryResult,
} from "@/lib/errors/sentry-client";

// A project's errors read from an external Sentry (SPEC §7), in the same shapes and failure
// kinds as the integrated backend. Error ids are Sentry's numeric issue ids; cursors are
// Sentry's own; built-in issues link to a Sentry issue by `sentry_issue_id`. Any Sentry failure
// is `unavailable` with the client's sentence, except a missing issue, which is `not-found`.

export interface SentryBackendProject {
  id: number;
  slug: string;
}

export interface SentryBackendConnection {
  apiUrl: string;
  token: string;
  organizationSlug: string;
  projectSlug: string;
}

const SORTS: Record<ErrorSort, SentryIssueSort> = { last_seen: "date", first_seen: "new", frequency: "freq" };

/** Sentry's cursor: `value:offset:is_prev`, three integers. */
const SENTRY_CURSOR = /^-?\d{1,20}:\d{1,10}:[01]$/;

/** The Sentry search for a status and a search box: `is:unresolved NoMethodError`, as GitLab sends it. */
export function composeSentryQuery(status: ErrorStatus | undefined, search: string | undefined): string {
  return [status ? `is:${status}` : "", search?.trim() ?? ""].filter((part) => part !== "").join(" ");
}

function toStatus(status: string): ErrorStatus {
  if (status === "resolved") return "resolved";
  if (status === "ignored" || status === "muted" || status === "archived") return "ignored";
  return "unresolved";
}

function unavailable(failure: SentryFailure): { ok: false; error: BackendFailure } {
  return { ok: false, error: { kind: "unavailable", message: failure.message } };
}

/** Sentry's API puts the event's interfaces in `entries`; pages read them where SDKs send them. */
const ENTRY_KEYS: Record<string, string> = {
  exception: "exception",
  stacktrace: "stacktrace",
  threads: "threads",
  request: "request",
  breadcrumbs: "breadcrumbs",
  message: "logentry",
  template: "template",
  debugmeta: "debug_meta",
  csp: "csp",
};

function toEventPayload(raw: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = { ...raw };
  if (!Array.isArray(raw.entries)) return payload;
  for (const entry of raw.entries) {
    if (typeof entry !== "object" || entry === null) continue;
    const { type, data } = entry as { type?: unknown; data?: unknown };
    const key = typeof type === "string" ? ENTRY_KEYS[type] : undefined;
    if (key && payload[key] === undefined && data !== undefined) payload[key] = data;
  }
  return payload;
}

export function createSentryBackend(
  project: SentryBackendProject,
  connection: SentryBackendConnection,
  publicUrl: string,
  clientOptions: SentryClientOptions = {},
): ErrorsBackend {
  const client = createSentryClient({ apiUrl: connection.apiUrl, token: connection.token }, clientOptions);
  const org = connection.organizationSlug;
  const projectUrl = `${publicUrl.replace(/\/+$/, "")}/projects/${encodeURIComponent(project.slug)}`;
  const root = sentryApiRoot(connection.apiUrl);

  /** Sentry's permalink; made absolute when an old Sentry left out the scheme; never a non-http(s) link. */
  const externalUrlOf = (issue: SentryIssue): string => {
    const fallback = root
      ? new URL(`../../organizations/${encodeURIComponent(org)}/issues/${issue.id}/`, root).href
      : `/organizations/${encodeURIComponent(org)}/issues/${issue.id}/`;
    if (!issue.permalink) return fallback;
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(issue.permalink)
      ? issue.permalink
      : `${root?.protocol ?? "https:"}//${issue.permalink.replace(/^\/+/, "")}`;
    try {
      const url = new URL(withScheme);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : fallback;
    } catch {
      return fallback;
    }
  };

  const toSummary = (issue: SentryIssue): TrackedErrorSummary => ({
    id: Number(issue.id),
    title: issue.title,
    culprit: issue.culprit,
    status: toStatus(issue.status),
    platform: issue.platform,
    level: issue.level,
    eventsCount: issue.count,
    usersCount: issue.userCount,
    firstSeenAt: issue.firstSeen,
    lastSeenAt: issue.lastSeen,
    firstRelease: issue.firstRelease?.version ?? null,
    lastRelease: issue.lastRelease?.version ?? null,
    externalUrl: externalUrlOf(issue),
  });

  const toIssue = (issue: IssueRecord): IssueSummary => toIssueSummary(issue, projectUrl);

  const toLatestEvent = (event: SentryEvent): LatestEvent => ({
    eventId: event.eventId,
    occurredAt: event.occurredAt ?? new Date(0),
    release: event.release,
    environment: event.environment,
    payload: toEventPayload(event.payload),
  });

  /** The Sentry issue behind an error id, if it is one of this project's. */
  async function findIssue(errorId: number): Promise<BackendResult<SentryIssue>> {
    if (!Number.isSafeInteger(errorId) || errorId <= 0) return { ok: false, error: { kind: "not-found" } };
    const result = await client.getIssue(org, String(errorId));
    if (!result.ok) return result.error.kind === "not-found" ? { ok: false, error: { kind: "not-found" } } : unavailable(result.error);
    // The token may see the whole organization; an issue of another Sentry project is not this project's.
    if (result.value.project && result.value.project.slug !== connection.projectSlug) return { ok: false, error: { kind: "not-found" } };
    return { ok: true, value: result.value };
  }

  /** The latest event, or null when the issue has none (Sentry answers 404). */
  async function findLatestEvent(issueId: string): Promise<BackendResult<SentryEvent | null>> {
    const result: SentryResult<SentryEvent> = await client.getLatestEvent(org, issueId);
    if (result.ok) return result;
    return result.error.kind === "not-found" ? { ok: true, value: null } : unavailable(result.error);
  }

  return {
    async listErrors(query: ErrorListQuery) {
      if (query.cursor !== undefined && !SENTRY_CURSOR.test(query.cursor)) return { ok: false, error: { kind: "invalid-cursor" } };
      const result = await client.listIssues({
        organizationSlug: org,
        projectSlug: connection.projectSlug,
        query: composeSentryQuery(query.status, query.search),
        sort: SORTS[query.sort],
        limit: Math.min(100, Math.max(1, query.perPage)),
        cursor: query.cursor,
      });
      if (!result.ok) return unavailable(result.error);
      return { ok: true, value: { errors: result.value.issues.map(toSummary), nextCursor: result.value.nextCursor } };
    },

    async getError(errorId) {
      const [issue, event, linked] = await Promise.all([
        findIssue(errorId),
        findLatestEvent(String(errorId)),
        findIssueForSentryIssue(project.id, String(errorId)),
      ]);
      if (!issue.ok) return issue;
      if (!event.ok) return event;
      const payload = event.value ? toEventPayload(event.value.payload) : undefined;
      const summary = toSummary(issue.value);
      // Sentry 9 issues carry no platform; their events do.
      const eventPlatform = typeof payload?.platform === "string" ? payload.platform : null;
      return {
        ok: true,
        value: {
          ...summary,
          platform: summary.platform ?? eventPlatform,
          stackTrace: extractStackTrace(payload),
          tags: extractTags(payload),
          latestEvent: event.value ? toLatestEvent(event.value) : null,
          issue: linked ? toIssue(linked) : null,
        },
      };
    },

    async getLatestEvent(errorId) {
      const issue = await findIssue(errorId);
      if (!issue.ok) return issue;
      const event = await findLatestEvent(issue.value.id);
      if (!event.ok) return event;
      return { ok: true, value: event.value ? toLatestEvent(event.value) : null };
    },

    async setStatus(errorId, status) {
      const issue = await findIssue(errorId);
      if (!issue.ok) return issue;
      const updated = await client.updateIssueStatus(org, issue.value.id, status);
      if (!updated.ok) return updated.error.kind === "not-found" ? { ok: false, error: { kind: "not-found" } } : unavailable(updated.error);
      if (status === "resolved") await closeIssueForSentryIssue(project.id, issue.value.id);
      return { ok: true, value: toSummary(updated.value) };
    },

    async createIssue(errorId, author) {
      const issue = await findIssue(errorId);
      if (!issue.ok) return issue;
      const existing = await findIssueForSentryIssue(project.id, issue.value.id);
      if (existing) return { ok: true, value: { issue: toIssue(existing), created: false } };
      const event = await findLatestEvent(issue.value.id);
      if (!event.ok) return event;
      const summary = toSummary(issue.value);
      const created = await createIssueForSentryIssue({
        projectId: project.id,
        sentryIssueId: issue.value.id,
        authorId: author.id,
        title: summary.title,
        description: composeIssueDescription({
          title: summary.title,
          url: summary.externalUrl,
          stackTrace: extractStackTrace(event.value ? toEventPayload(event.value.payload) : undefined),
        }),
      });
      return { ok: true, value: { issue: toIssue(created.issue), created: created.created } };
    },
  };
}
