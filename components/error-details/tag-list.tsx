import type { EventTag } from "@/lib/errors/event-details";

export function TagList({ tags }: { tags: EventTag[] }) {
  return (
    <ul aria-label="Tags" className="flex flex-wrap gap-2">
      {tags.map((tag, index) => (
        <li key={`${tag.key}-${index}`} className="inline-flex max-w-full overflow-hidden rounded-md border border-gray-200 text-xs">
          <span className="bg-gray-100 px-2 py-1 font-medium text-gray-700">{tag.key}</span>
          <span className="px-2 py-1 font-mono break-all text-gray-900">{tag.value}</span>
        </li>
      ))}
    </ul>
  );
}
