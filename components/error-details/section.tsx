import type { ReactNode } from "react";

// One titled part of the details page; `id` names its heading for the section's label.

export function DetailsSection({ id, title, children, aside }: { id: string; title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-gray-200 bg-white">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-gray-200 px-4 py-2.5">
        <h2 id={id} className="text-base font-semibold text-gray-900">
          {title}
        </h2>
        {aside ? <div className="text-xs text-gray-600">{aside}</div> : null}
      </div>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}

export function NothingSent({ children }: { children: ReactNode }) {
  return <p className="text-sm text-gray-600">{children}</p>;
}
