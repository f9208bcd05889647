// The Project dropdown's value for a Sentry project: `organization/project`. Sentry slugs never
// contain `/`, so the value splits back unambiguously. Shared by the page's client form and the
// server action that parses it (no server-only imports here).

export function formatSentryProjectOption(project: { organizationSlug: string; slug: string }): string {
  return `${project.organizationSlug}/${project.slug}`;
}
