"use client";

import { useEffect, useState } from "react";
import { MAX_SEARCH_LENGTH } from "@/lib/errors/error-list-query";

// "Search errors": reports what was typed once typing pauses (and at once on Enter). Follows
// the URL when it changes from elsewhere (Back, a link), but never overwrites what is being typed.

const DEBOUNCE_MS = 300;

export function SearchBox({
  value,
  onSearch,
  action,
  hiddenFields,
}: {
  /** The search the URL holds. */
  value: string;
  onSearch: (search: string, mode: "typing" | "submit") => void;
  /** Where the form goes without JavaScript. */
  action: string;
  hiddenFields: Record<string, string>;
}) {
  const [text, setText] = useState(value);
  const [urlValue, setUrlValue] = useState(value);
  const [sent, setSent] = useState(value);
  if (value !== urlValue) {
    setUrlValue(value);
    if (value !== sent) {
      setText(value);
      setSent(value);
    }
  }

  useEffect(() => {
    if (text.trim() === sent.trim()) return;
    const timer = setTimeout(() => {
      setSent(text);
      onSearch(text.trim(), "typing");
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, sent, onSearch]);

  return (
    <form
      role="search"
      action={action}
      className="min-w-0 flex-1"
      onSubmit={(event) => {
        event.preventDefault();
        setSent(text);
        onSearch(text.trim(), "submit");
      }}
    >
      {Object.entries(hiddenFields).map(([name, fieldValue]) => (
        <input key={name} type="hidden" name={name} value={fieldValue} />
      ))}
      <label htmlFor="error-search" className="sr-only">
        Search errors
      </label>
      <input
        id="error-search"
        type="search"
        name="search"
        value={text}
        maxLength={MAX_SEARCH_LENGTH}
        onChange={(event) => setText(event.target.value)}
        placeholder="Search errors by title…"
        autoComplete="off"
        className="w-full rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm shadow-sm placeholder:text-gray-500 focus:border-blue-600 focus:outline-2 focus:outline-blue-600/30"
      />
    </form>
  );
}
