"use client";

import { Banner } from "@/components/ui/banner";

// An unexpected failure on the error pages: a sentence and the id the server logged it under,
// never the error's own message (it may quote the database).

export default function ErrorTrackingError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <Banner tone="error" title="Something went wrong while loading this page">
        <p>
          Try again in a moment.
          {error.digest ? (
            <>
              {" "}
              If it keeps happening, give your administrator this id: <code className="font-mono">{error.digest}</code>
            </>
          ) : null}
        </p>
      </Banner>
      <button
        type="button"
        onClick={reset}
        className="rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 shadow-sm hover:bg-gray-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      >
        Try again
      </button>
    </div>
  );
}
