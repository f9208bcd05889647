import "server-only";
import { getConfig } from "@/lib/config";
import type { ErrorsBackend } from "@/lib/errors/backend";
import { createIntegratedBackend } from "@/lib/errors/integrated-backend";

// The only code that decides which backend holds a project's errors. Every project is on the
// integrated backend for now; Sentry mode (SPEC §7) will read the project's
// error_tracking_settings here and return a Sentry backend, and no caller changes (which is
// why this is already async).

export async function getBackendForProject(project: { id: number; slug: string }): Promise<ErrorsBackend> {
  return createIntegratedBackend(project, getConfig().publicUrl);
}
