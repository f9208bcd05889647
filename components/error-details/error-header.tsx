import type { ReactNode } from "react";
import type { TrackedErrorDetails } from "@/lib/errors/backend";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";

// The top of the details page: title, culprit, status, language, urgency, first and last seen
// with their releases, event and user counts, and the links out (the error in its backend,
// the commit it first appeared in).

const LEVEL_TONE: Record<string, "red" | "amber" | "blue" | "neutral"> = {
  fatal: "red",
  error: "red",
  warning: "amber",
  info: "blue",
  debug: "neutral",
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-gray-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-gray-900">{children}</dd>
    </div>
  );
}

function Release({ release }: { release: string | null }) {
  if (!release) return null;
  return (
    <span className="block text-xs text-gray-600">
      in release <span className="font-mono break-all">{release}</span>
    </span>
  );
}

export function ErrorHeader({
  error,
  now,
  backendLabel,
  commitUrl,
  actions,
}: {
  error: TrackedErrorDetails;
  now: number;
  /** The link text for `externalUrl`: "View in Sentry", or "Permalink" for Faultline's own page. */
  backendLabel: string;
  commitUrl: string | null;
  actions: ReactNode;
}) {
  const linkClasses = "font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";
  return (
    <header className="space-y-4">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0 space-y-1">
          <h1 className="text-xl font-semibold break-words text-gray-900">{error.title}</h1>
          {error.culprit ? <p className="font-mono text-sm break-all text-gray-600">{error.culprit}</p> : null}
          <div className="flex flex-wrap items-center gap-2 pt-1">
            <StatusBadge status={error.status} />
            {error.issue ? <Badge tone={error.issue.state === "opened" ? "green" : "violet"}>Issue #{error.issue.iid} {error.issue.state === "opened" ? "open" : "closed"}</Badge> : null}
          </div>
        </div>
        <div className="shrink-0">{actions}</div>
      </div>
      <dl className="grid grid-cols-2 gap-4 rounded-lg border border-gray-200 bg-white p-4 sm:grid-cols-3 xl:grid-cols-6">
        <Fact label="Language">{error.platform ?? "Unknown"}</Fact>
        <Fact label="Urgency">
          {error.level ? <Badge tone={LEVEL_TONE[error.level] ?? "neutral"}>{error.level}</Badge> : "Unknown"}
        </Fact>
        <Fact label="First seen">
          <RelativeTime date={error.firstSeenAt} now={now} />
          <Release release={error.firstRelease} />
        </Fact>
        <Fact label="Last seen">
          <RelativeTime date={error.lastSeenAt} now={now} />
          <Release release={error.lastRelease} />
        </Fact>
        <Fact label="Events">
          <span className="tabular-nums">{error.eventsCount.toLocaleString("en")}</span>
        </Fact>
        <Fact label="Users">
          <span className="tabular-nums">{error.usersCount.toLocaleString("en")}</span>
        </Fact>
      </dl>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <a href={error.externalUrl} className={linkClasses} rel="noreferrer">
          {backendLabel}
        </a>
        {commitUrl && error.firstRelease ? (
          <a href={commitUrl} className={linkClasses} rel="noreferrer">
            View commit {error.firstRelease.slice(0, 12)}
          </a>
        ) : null}
      </p>
    </header>
  );
}
