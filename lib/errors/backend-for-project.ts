import "server-only";
import { getAuthSecret } from "@/lib/auth/auth-secret";
import { getConfig } from "@/lib/config";
import { openSecret } from "@/lib/crypto/secret-box";
import { findErrorTrackingSettings, findSentryConnection } from "@/lib/db/error-tracking-settings";
import type { BackendResult, ErrorsBackend } from "@/lib/errors/backend";
import { createIntegratedBackend } from "@/lib/errors/integrated-backend";
import { createSentryBackend } from "@/lib/errors/sentry-backend";

// The only code that decides which backend holds a project's errors (STYLE 2.9): the Sentry
// backend when the project's settings choose Sentry and a connection is configured, else the
// integrated one. Callers never branch on it.

export const UNREADABLE_TOKEN_MESSAGE =
  "Faultline can no longer read the stored Sentry auth token (the server secret changed). A maintainer needs to enter the token again in the Error Tracking settings.";

export async function getBackendForProject(project: { id: number; slug: string }): Promise<ErrorsBackend> {
  const { publicUrl } = getConfig();
  const settings = await findErrorTrackingSettings(project.id);
  if (settings.backend !== "sentry") return createIntegratedBackend(project, publicUrl);
  const connection = await findSentryConnection(project.id);
  if (!connection) return createIntegratedBackend(project, publicUrl);
  const token = await openSecret(connection.sealedToken, await getAuthSecret());
  if (!token.ok) return createUnavailableBackend(UNREADABLE_TOKEN_MESSAGE);
  return createSentryBackend(project, { ...connection, token: token.value }, publicUrl);
}

/** Answers every call with the same `unavailable` sentence. */
function createUnavailableBackend(message: string): ErrorsBackend {
  const answer = async <T>(): Promise<BackendResult<T>> => ({ ok: false, error: { kind: "unavailable", message } });
  return {
    listErrors: answer,
    getError: answer,
    getLatestEvent: answer,
    setStatus: answer,
    createIssue: answer,
  };
}
