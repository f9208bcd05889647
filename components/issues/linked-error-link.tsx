import Link from "next/link";

// The error an issue was created from: the integrated error by id, or the Sentry issue by its
// id (the error-tracking pages take either, depending on the project's backend).

export interface LinkedError {
  errorId: number | null;
  sentryIssueId: string | null;
  /** The integrated error's title, when it still exists. */
  title: string | null;
}

export function linkedErrorPath(slug: string, linked: LinkedError): string | null {
  const id = linked.errorId ?? linked.sentryIssueId;
  return id === null ? null : `/projects/${encodeURIComponent(slug)}/error-tracking/${encodeURIComponent(String(id))}`;
}

export function LinkedErrorLink({ slug, linked }: { slug: string; linked: LinkedError }) {
  const href = linkedErrorPath(slug, linked);
  if (href === null) return <span className="text-gray-500">None</span>;
  const label = linked.title ?? (linked.errorId !== null ? `Error ${linked.errorId}` : `Sentry issue ${linked.sentryIssueId}`);
  return (
    <Link href={href} className="break-words text-blue-700 underline hover:text-blue-900">
      {label}
    </Link>
  );
}
