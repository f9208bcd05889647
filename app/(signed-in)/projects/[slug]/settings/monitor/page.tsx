import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ClientKeysPanel } from "@/components/settings/client-keys-panel";
import { ErrorTrackingSettingsForm } from "@/components/settings/error-tracking-settings-form";
import { getConfig } from "@/lib/config";
import { listClientKeys } from "@/lib/db/client-keys";
import { findErrorTrackingSettings } from "@/lib/db/error-tracking-settings";
import { formatDsn } from "@/lib/projects/dsn";
import { loadProjectForPage } from "@/lib/projects/project-for-page";
import {
  connectSentry,
  createClientKeyAction,
  revokeClientKeyAction,
  saveErrorTrackingSettings,
  showLegacyDsn,
} from "./actions";

// Settings > Monitor: Error Tracking settings (SPEC §6), Maintainer+. The actions check again.

export const metadata: Metadata = { title: "Error Tracking settings · Faultline" };

export default async function MonitorSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { access } = await loadProjectForPage(slug, "settings:manage");
  if (!access.ok && access.error.kind === "not-found") notFound();
  if (!access.ok) {
    return (
      <main className="max-w-2xl">
        <h1 className="text-xl font-semibold text-gray-900">Error Tracking settings</h1>
        <p className="mt-2 text-sm text-gray-600">Only Maintainers and Owners can change error tracking settings.</p>
      </main>
    );
  }

  const { project } = access.value;
  const [settings, keys] = await Promise.all([findErrorTrackingSettings(project.id), listClientKeys(project.id)]);
  const { publicUrl } = getConfig();
  const activeKey = keys.find((key) => key.revokedAt === null);
  const savedProject =
    settings.sentryOrgSlug && settings.sentryProjectSlug
      ? {
          organizationSlug: settings.sentryOrgSlug,
          organizationName: settings.sentryOrgSlug,
          slug: settings.sentryProjectSlug,
          name: settings.sentryProjectName ?? settings.sentryProjectSlug,
        }
      : null;

  return (
    <main className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-gray-900">Error Tracking settings</h1>
        <p className="mt-1 text-sm text-gray-600">
          Choose where {project.name}&rsquo;s errors are kept: in Faultline itself, or in a Sentry server that Faultline reads.
        </p>
      </div>
      <ErrorTrackingSettingsForm
        initial={{
          active: settings.active,
          backend: settings.backend,
          apiUrl: settings.sentryApiUrl ?? "",
          hasToken: settings.hasSentryToken,
          project: savedProject,
          rateLimit: settings.rateLimitPerMinute,
        }}
        saveAction={saveErrorTrackingSettings.bind(null, project.slug)}
        connectAction={connectSentry.bind(null, project.slug)}
        integratedPanel={
          <ClientKeysPanel
            dsn={activeKey ? formatDsn(activeKey.publicKey, project.id, publicUrl) : null}
            createKey={createClientKeyAction.bind(null, project.slug)}
            keys={keys.map((key) => ({
              id: key.id,
              publicKey: key.publicKey,
              active: key.revokedAt === null,
              dsn: formatDsn(key.publicKey, project.id, publicUrl),
              createdAt: key.createdAt.toISOString().slice(0, 10),
              revoke: revokeClientKeyAction.bind(null, project.slug, key.id),
              revealLegacyDsn: showLegacyDsn.bind(null, project.slug, key.id),
            }))}
          />
        }
      />
    </main>
  );
}
