import Link from "next/link";
import { Banner } from "@/components/ui/banner";

// Shown on the error pages while the project's error tracking is switched off.

export function ErrorTrackingInactiveBanner({ slug, canManageSettings }: { slug: string; canManageSettings: boolean }) {
  return (
    <Banner tone="warning" title="Error tracking is not active for this project">
      <p>
        New events sent to its DSN are refused.{" "}
        {canManageSettings ? (
          <Link href={`/projects/${encodeURIComponent(slug)}/settings/monitor`} className="font-medium underline hover:no-underline">
            Turn it on in the Error Tracking settings
          </Link>
        ) : (
          "A Maintainer can turn it on in the project's settings."
        )}
      </p>
    </Banner>
  );
}
