import Markdown, { defaultUrlTransform, type Components } from "react-markdown";

// An issue's description, Markdown rendered safely: HTML written in it shows as the text it is
// (never as elements), and links or images whose URL is not http(s), mailto, irc or xmpp — a
// `javascript:` link, say — lose their URL (react-markdown's `defaultUrlTransform`).

const COMPONENTS: Components = {
  h1: ({ node: _node, ...props }) => <h2 className="mt-5 mb-2 text-lg font-semibold text-gray-900" {...props} />,
  h2: ({ node: _node, ...props }) => <h3 className="mt-5 mb-2 text-base font-semibold text-gray-900" {...props} />,
  h3: ({ node: _node, ...props }) => <h4 className="mt-4 mb-2 text-sm font-semibold text-gray-900" {...props} />,
  h4: ({ node: _node, ...props }) => <h5 className="mt-4 mb-1 text-sm font-semibold text-gray-900" {...props} />,
  h5: ({ node: _node, ...props }) => <h6 className="mt-4 mb-1 text-sm font-semibold text-gray-900" {...props} />,
  h6: ({ node: _node, ...props }) => <h6 className="mt-4 mb-1 text-sm font-semibold text-gray-700" {...props} />,
  p: ({ node: _node, ...props }) => <p className="my-3 break-words" {...props} />,
  // A link whose URL was dropped as unsafe keeps its text, not a dead link.
  a: ({ node: _node, href, ...props }) =>
    href ? (
      <a className="break-all text-blue-700 underline hover:text-blue-900" rel="noopener noreferrer nofollow" href={href} {...props} />
    ) : (
      <span {...props} />
    ),
  ul: ({ node: _node, ...props }) => <ul className="my-3 list-disc space-y-1 pl-6" {...props} />,
  ol: ({ node: _node, ...props }) => <ol className="my-3 list-decimal space-y-1 pl-6" {...props} />,
  blockquote: ({ node: _node, ...props }) => <blockquote className="my-3 border-l-4 border-gray-300 pl-4 text-gray-700" {...props} />,
  pre: ({ node: _node, ...props }) => (
    <pre className="my-3 overflow-x-auto rounded-md bg-gray-900 p-3 text-xs leading-relaxed text-gray-100 [&_code]:bg-transparent [&_code]:p-0 [&_code]:text-inherit" {...props} />
  ),
  code: ({ node: _node, ...props }) => <code className="rounded bg-gray-100 px-1 py-0.5 font-mono text-[0.85em] text-gray-900" {...props} />,
  hr: ({ node: _node, ...props }) => <hr className="my-4 border-gray-200" {...props} />,
  // eslint-disable-next-line @next/next/no-img-element -- user content of unknown size and origin
  img: ({ node: _node, alt, ...props }) => <img className="inline max-w-full" alt={alt ?? ""} {...props} />,
};

export function IssueMarkdown({ source }: { source: string }) {
  return (
    <div className="text-sm leading-6 text-gray-800">
      <Markdown components={COMPONENTS} urlTransform={defaultUrlTransform}>
        {source}
      </Markdown>
    </div>
  );
}
