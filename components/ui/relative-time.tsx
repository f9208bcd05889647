import { formatExactTime, formatRelativeTime } from "@/lib/format/relative-time";

// "5 minutes ago", with the exact time on hover (and for assistive technology, in `dateTime`).
// `now` comes from the server so the server's HTML and the browser's hydration agree.

export function RelativeTime({ date, now }: { date: Date; now: number }) {
  const exact = formatExactTime(date);
  return (
    <time dateTime={date.toISOString()} title={exact} className="cursor-help underline decoration-gray-300 decoration-dotted underline-offset-2">
      {formatRelativeTime(date, now)}
    </time>
  );
}
