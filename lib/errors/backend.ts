// What pages, server actions and the REST API need from a project's tracked errors,
// whichever backend holds them (SPEC §7, STYLE 2.9). Both the integrated backend and the
// Sentry backend answer with these shapes and these failure kinds; only
// `backend-for-project.ts` knows which one a project uses.

import type { EventTag, StackException } from "@/lib/errors/event-details";

export type ErrorStatus = "unresolved" | "resolved" | "ignored";
export type ErrorSort = "last_seen" | "first_seen" | "frequency";

export interface ErrorListQuery {
  /** Undefined lists every status. */
  status?: ErrorStatus;
  search?: string;
  sort: ErrorSort;
  cursor?: string;
  perPage: number;
}

export interface TrackedErrorSummary {
  id: number;
  title: string;
  culprit: string;
  status: ErrorStatus;
  platform: string | null;
  level: string | null;
  eventsCount: number;
  usersCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  firstRelease: string | null;
  lastRelease: string | null;
  /** Where the error is shown in its backend (Faultline's page, or Sentry's). */
  externalUrl: string;
}

export interface IssueSummary {
  id: number;
  iid: number;
  projectId: number;
  title: string;
  description: string;
  state: "opened" | "closed";
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  webUrl: string;
}

export interface LatestEvent {
  eventId: string;
  occurredAt: Date;
  release: string | null;
  environment: string | null;
  /** The event JSON as stored (integrated) or as Sentry returns it. */
  payload: Record<string, unknown>;
}

export interface TrackedErrorDetails extends TrackedErrorSummary {
  /** The latest event's exceptions, as sent: innermost (cause) first, frames oldest call first. */
  stackTrace: StackException[];
  tags: EventTag[];
  latestEvent: LatestEvent | null;
  issue: IssueSummary | null;
}

export interface ErrorPage {
  errors: TrackedErrorSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export type BackendFailure =
  | { kind: "not-found" }
  | { kind: "invalid-cursor" }
  /** The backend could not answer (Sentry unreachable, refused the token…): a sentence for the user. */
  | { kind: "unavailable"; message: string };

export type BackendResult<T> = { ok: true; value: T } | { ok: false; error: BackendFailure };

export interface ErrorsBackend {
  listErrors(query: ErrorListQuery): Promise<BackendResult<ErrorPage>>;
  getError(errorId: number): Promise<BackendResult<TrackedErrorDetails>>;
  /** Null when the error exists but has no stored event. */
  getLatestEvent(errorId: number): Promise<BackendResult<LatestEvent | null>>;
  setStatus(errorId: number, status: ErrorStatus): Promise<BackendResult<TrackedErrorSummary>>;
  /** Creates the linked issue, or returns the one already linked with `created: false`. */
  createIssue(errorId: number, author: { id: number }): Promise<BackendResult<{ issue: IssueSummary; created: boolean }>>;
}
