import type { StackException, StackFrame } from "@/lib/errors/event-details";
import { layOutFrames } from "@/lib/errors/frame-layout";
import { Badge } from "@/components/ui/badge";

// The latest event's stack trace: every exception in the order the SDK sent them (a cause
// before the exception it led to), each with its frames oldest call first. Frames are native
// disclosures (keyboard-usable without script); in-app frames are emphasised and open, the
// others collapsed; source context shows line numbers with the error line marked.

function frameLocation(frame: StackFrame): string {
  const file = frame.filename ?? frame.absPath ?? frame.module ?? "<unknown>";
  if (frame.lineno === null) return file;
  return `${file}:${frame.lineno}${frame.colno !== null ? `:${frame.colno}` : ""}`;
}

function SourceContext({ frame }: { frame: StackFrame }) {
  if (frame.contextLine === null) {
    return <p className="px-3 py-2 text-xs text-gray-600">No source context was sent for this frame.</p>;
  }
  const first = frame.lineno === null ? null : frame.lineno - frame.preContext.length;
  const lines = [
    ...frame.preContext.map((text) => ({ text, current: false })),
    { text: frame.contextLine, current: true },
    ...frame.postContext.map((text) => ({ text, current: false })),
  ];
  return (
    <div className="overflow-x-auto bg-gray-50">
      <pre className="min-w-fit py-1 font-mono text-xs leading-5">
        {lines.map((line, index) => (
          <div
            key={index}
            data-error-line={line.current || undefined}
            className={`relative flex ${line.current ? "bg-red-100 text-red-950" : "text-gray-800"}`}
          >
            <span aria-hidden={first === null} className="w-12 shrink-0 pr-3 text-right text-gray-500 select-none">
              {first === null ? "" : first + index}
            </span>
            <code className="pr-3 whitespace-pre">
              {line.text || " "}
              {line.current ? <span className="sr-only"> (error line)</span> : null}
            </code>
          </div>
        ))}
      </pre>
    </div>
  );
}

function Frame({ frame, open }: { frame: StackFrame; open: boolean }) {
  return (
    <details open={open} className={`group border-l-4 ${frame.inApp ? "border-blue-600 bg-white" : "border-gray-200 bg-white"}`}>
      <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-2 gap-y-1 px-3 py-1.5 text-sm hover:bg-gray-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600">
        <span aria-hidden="true" className="inline-block w-3 text-xs text-gray-500 transition-transform group-open:rotate-90">
          ▸
        </span>
        <span className={`font-mono break-all ${frame.inApp ? "font-semibold text-gray-900" : "text-gray-600"}`}>
          {frame.function ?? "<anonymous>"}
        </span>
        <span className="text-xs text-gray-500">in</span>
        <span className={`font-mono text-xs break-all ${frame.inApp ? "text-gray-900" : "text-gray-600"}`}>{frameLocation(frame)}</span>
        {frame.inApp ? <Badge tone="blue">In app</Badge> : null}
      </summary>
      <div className="border-t border-gray-100">
        <SourceContext frame={frame} />
        {frame.absPath && frame.absPath !== frame.filename ? (
          <p className="px-3 py-1 font-mono text-xs break-all text-gray-500">{frame.absPath}</p>
        ) : null}
      </div>
    </details>
  );
}

function ExceptionView({ exception }: { exception: StackException }) {
  const items = layOutFrames(exception.frames);
  return (
    <div className="space-y-2">
      <h3 className="text-sm break-words">
        <span className="font-semibold text-gray-900">{exception.type ?? "Error"}</span>
        {exception.value ? <span className="text-gray-800">: {exception.value}</span> : null}
        {exception.module ? <span className="ml-2 font-mono text-xs text-gray-500">{exception.module}</span> : null}
      </h3>
      {exception.frames.length === 0 ? (
        <p className="text-sm text-gray-600">No frames were sent for this exception.</p>
      ) : (
        <ol aria-label={`Frames of ${exception.type ?? "the exception"}, oldest call first`} className="space-y-px overflow-hidden rounded-md border border-gray-200 bg-gray-200">
          {items.map((item, index) =>
            item.kind === "frame" ? (
              <li key={index}>
                <Frame frame={item.frame} open={item.open} />
              </li>
            ) : (
              <li key={index}>
                <details className="bg-gray-50">
                  <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium text-gray-600 hover:bg-gray-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600">
                    {item.frames.length} library frames
                  </summary>
                  <ol className="space-y-px border-t border-gray-200 bg-gray-200">
                    {item.frames.map((frame, frameIndex) => (
                      <li key={frameIndex}>
                        <Frame frame={frame} open={false} />
                      </li>
                    ))}
                  </ol>
                </details>
              </li>
            ),
          )}
        </ol>
      )}
    </div>
  );
}

export function StackTrace({ exceptions }: { exceptions: StackException[] }) {
  return (
    <div className="space-y-4">
      {exceptions.map((exception, index) => (
        <div key={index} className="space-y-4">
          {index > 0 ? (
            <p className="border-t border-dashed border-gray-300 pt-3 text-xs font-medium text-gray-600">
              The exception above led to:
            </p>
          ) : null}
          <ExceptionView exception={exception} />
        </div>
      ))}
    </div>
  );
}
