import type { KeyValue } from "@/lib/errors/event-sections";

// Pairs as a two-column list that stacks on narrow screens; values are text, long ones wrap.

export function KeyValueList({ entries, label }: { entries: KeyValue[]; label?: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-1 gap-x-4 text-sm sm:grid-cols-[minmax(8rem,14rem)_1fr]">
      {entries.map((entry, index) => (
        <div key={`${entry.key}-${index}`} className="contents">
          <dt className="pt-1.5 font-medium break-all text-gray-600 sm:py-1.5">{entry.key}</dt>
          <dd className="pb-1.5 font-mono text-xs break-all whitespace-pre-wrap text-gray-900 sm:py-1.5 sm:pt-2">{entry.value}</dd>
        </div>
      ))}
    </dl>
  );
}
