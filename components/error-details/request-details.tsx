import type { RequestDetails } from "@/lib/errors/event-sections";
import { KeyValueList } from "@/components/error-details/key-value-list";

export function RequestDetailsView({ request }: { request: RequestDetails }) {
  const groups = [
    { title: "Query", entries: request.query },
    { title: "Headers", entries: request.headers },
    { title: "Cookies", entries: request.cookies },
    { title: "Environment", entries: request.env },
  ].filter((group) => group.entries.length > 0);
  return (
    <div className="space-y-3">
      {request.method || request.url ? (
        <p className="font-mono text-sm break-all text-gray-900">
          {request.method ? <span className="mr-2 font-semibold">{request.method}</span> : null}
          {request.url}
        </p>
      ) : null}
      {groups.map((group) => (
        <div key={group.title}>
          <h3 className="text-sm font-semibold text-gray-700">{group.title}</h3>
          <KeyValueList entries={group.entries} label={group.title} />
        </div>
      ))}
      {request.data !== null ? (
        <div>
          <h3 className="text-sm font-semibold text-gray-700">Body</h3>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-gray-50 p-2 font-mono text-xs whitespace-pre-wrap break-all text-gray-900">
            {request.data}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
