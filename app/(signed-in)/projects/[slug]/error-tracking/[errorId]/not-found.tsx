"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";

// An error id that is not in this project (or not a number).

export default function ErrorNotFound() {
  const { slug } = useParams<{ slug: string }>();
  return (
    <EmptyState title="This error does not exist">
      <p>
        It may belong to another project, or the link is incomplete.{" "}
        <Link href={`/projects/${encodeURIComponent(slug)}/error-tracking`} className="font-medium text-blue-700 hover:underline">
          Back to Error Tracking
        </Link>
      </p>
    </EmptyState>
  );
}
