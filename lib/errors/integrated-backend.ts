import "server-only";
import { toIssueSummary } from "@/lib/errors/issue-summary";
import { findError, findLatestEvent, listErrors, setErrorStatus, type ErrorRecord, type EventRecord } from "@/lib/db/errors";
import { createIssueForError, type IssueRecord } from "@/lib/db/issues";
import type { ErrorsBackend, IssueSummary, LatestEvent, TrackedErrorSummary } from "@/lib/errors/backend";
import { extractStackTrace, extractTags } from "@/lib/errors/event-details";
import { composeIssueDescription } from "@/lib/errors/issue-description";

// Tracked errors stored by Faultline itself, read and triaged through lib/db.

export interface IntegratedProject {
  id: number;
  slug: string;
}

export function createIntegratedBackend(project: IntegratedProject, publicUrl: string): ErrorsBackend {
  const base = `${publicUrl.replace(/\/+$/, "")}/projects/${encodeURIComponent(project.slug)}`;
  const errorUrl = (id: number) => `${base}/error-tracking/${id}`;

  const toSummary = (error: ErrorRecord): TrackedErrorSummary => ({
    id: error.id,
    title: error.title,
    culprit: error.culprit,
    status: error.status,
    platform: error.platform,
    level: error.level,
    eventsCount: error.eventsCount,
    usersCount: error.usersCount,
    firstSeenAt: error.firstSeenAt,
    lastSeenAt: error.lastSeenAt,
    firstRelease: error.firstRelease,
    lastRelease: error.lastRelease,
    externalUrl: errorUrl(error.id),
  });

  const toIssue = (issue: IssueRecord): IssueSummary => toIssueSummary(issue, base);

  const toLatestEvent = (event: EventRecord): LatestEvent => ({
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    release: event.release,
    environment: event.environment,
    payload: event.payload,
  });

  return {
    async listErrors(query) {
      const page = await listErrors(project.id, query);
      if (!page.ok) return page;
      return { ok: true, value: { errors: page.value.errors.map(toSummary), nextCursor: page.value.nextCursor } };
    },

    async getError(errorId) {
      const error = await findError(project.id, errorId);
      if (!error) return { ok: false, error: { kind: "not-found" } };
      const event = await findLatestEvent(project.id, errorId);
      return {
        ok: true,
        value: {
          ...toSummary(error),
          stackTrace: extractStackTrace(event?.payload),
          tags: extractTags(event?.payload),
          latestEvent: event ? toLatestEvent(event) : null,
          issue: error.issue ? toIssue(error.issue) : null,
        },
      };
    },

    async getLatestEvent(errorId) {
      const event = await findLatestEvent(project.id, errorId);
      if (event) return { ok: true, value: toLatestEvent(event) };
      const error = await findError(project.id, errorId);
      return error ? { ok: true, value: null } : { ok: false, error: { kind: "not-found" } };
    },

    async setStatus(errorId, status) {
      const result = await setErrorStatus(project.id, errorId, status);
      return result.ok ? { ok: true, value: toSummary(result.value) } : result;
    },

    async createIssue(errorId, author) {
      const error = await findError(project.id, errorId);
      if (!error) return { ok: false, error: { kind: "not-found" } };
      if (error.issue) return { ok: true, value: { issue: toIssue(error.issue), created: false } };
      const event = await findLatestEvent(project.id, errorId);
      const result = await createIssueForError({
        projectId: project.id,
        errorId,
        authorId: author.id,
        title: error.title,
        description: composeIssueDescription({
          title: error.title,
          url: errorUrl(errorId),
          stackTrace: extractStackTrace(event?.payload),
        }),
      });
      if (!result.ok) return result;
      return { ok: true, value: { issue: toIssue(result.value.issue), created: result.value.created } };
    },
  };
}
