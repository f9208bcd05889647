"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

// Copies a value (a DSN) to the clipboard. Where the Clipboard API is unavailable (plain http
// on another host than localhost), falls back to a selected hidden textarea and execCommand.

async function copyText(value: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // fall through to the textarea
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } finally {
    area.remove();
  }
}

/** `label` is the accessible name, e.g. "Copy DSN"; it must start with "Copy". */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);

  useEffect(() => {
    if (outcome === null) return;
    const timer = setTimeout(() => setOutcome(null), 2500);
    return () => clearTimeout(timer);
  }, [outcome]);

  return (
    <span className="inline-flex items-center gap-2">
      <Button aria-label={label} onClick={async () => setOutcome((await copyText(value)) ? "copied" : "failed")}>
        Copy
      </Button>
      <span role="status" className="text-sm text-gray-600">
        {outcome === "copied" ? "Copied" : outcome === "failed" ? "Select the text and copy it" : ""}
      </span>
    </span>
  );
}
