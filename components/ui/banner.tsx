import type { ReactNode } from "react";

// A message across the top of a page's content: a disabled project, a backend that could not
// answer. `alert` for failures (announced at once), `status` for the rest.

export type BannerTone = "info" | "warning" | "error";

const TONES: Record<BannerTone, string> = {
  info: "border-blue-200 bg-blue-50 text-blue-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  error: "border-red-200 bg-red-50 text-red-900",
};

export function Banner({ tone = "info", title, children }: { tone?: BannerTone; title?: string; children?: ReactNode }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-4 py-3 text-sm ${TONES[tone]}`}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? "mt-1" : undefined}>{children}</div> : null}
    </div>
  );
}
