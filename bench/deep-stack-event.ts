// A realistic Node.js event whose exception carries a deep stack trace: a request passes
// through Express, then a recursive walk over a category tree overflows the stack. Frames
// are oldest call first with five lines of source context either side, as @sentry/node
// sends them.

export const DEEP_STACK_TITLE = "RangeError: Maximum call stack size exceeded";

interface FrameSource {
  filename: string;
  module: string;
  function: string;
  lineno: number;
  colno: number;
  inApp: boolean;
  code: string;
}

const ENTRY_FRAMES: FrameSource[] = [
  { filename: "node:internal/process/task_queues", module: "task_queues", function: "process.processTicksAndRejections", lineno: 95, colno: 5, inApp: false, code: "      callback();" },
  { filename: "node_modules/express/lib/router/index.js", module: "express.lib.router:index", function: "next", lineno: 280, colno: 10, inApp: false, code: "      trim_prefix(layer, layerError, layerPath, path);" },
  { filename: "node_modules/express/lib/router/layer.js", module: "express.lib.router:layer", function: "Layer.handle [as handle_request]", lineno: 95, colno: 5, inApp: false, code: "    fn(req, res, next);" },
  { filename: "src/middleware/authenticate.ts", module: "src.middleware:authenticate", function: "authenticate", lineno: 41, colno: 12, inApp: true, code: "    return next();" },
  { filename: "node_modules/express/lib/router/route.js", module: "express.lib.router:route", function: "Route.dispatch", lineno: 119, colno: 3, inApp: false, code: "  next();" },
  { filename: "src/routes/catalog.ts", module: "src.routes:catalog", function: "getCategoryPage", lineno: 57, colno: 28, inApp: true, code: "    const tree = await loadCategoryTree(req.params.slug);" },
  { filename: "src/catalog/category-tree.ts", module: "src.catalog:category-tree", function: "loadCategoryTree", lineno: 22, colno: 10, inApp: true, code: "  return walkCategory(root, new Set(), 0);" },
];

const RECURSION_FRAMES: FrameSource[] = [
  { filename: "src/catalog/category-tree.ts", module: "src.catalog:category-tree", function: "walkCategory", lineno: 38, colno: 19, inApp: true, code: "    children.push(walkCategory(child, seen, depth + 1));" },
  { filename: "src/catalog/category-tree.ts", module: "src.catalog:category-tree", function: "Array.map", lineno: 36, colno: 31, inApp: true, code: "  const children = node.children.map((child) => {" },
  { filename: "node_modules/lodash/lodash.js", module: "lodash:lodash", function: "baseClone", lineno: 2711, colno: 22, inApp: false, code: "        assignValue(result, key, baseClone(subValue, bitmask, customizer, key, value, stack));" },
];

function sourceAround(frame: FrameSource): { pre: string[]; post: string[] } {
  const pre = [
    `// ${frame.filename}`,
    `function ${frame.function.replace(/\W+/g, "_")}Context(node, seen, depth) {`,
    "  if (seen.has(node.id)) {",
    "    return { ...node, children: [] };",
    "  }",
  ];
  const post = ["  seen.add(node.id);", "  return { id: node.id, name: node.name, children };", "}", "", `export default ${frame.function.replace(/\W+/g, "_")}Context;`];
  return { pre, post };
}

function toFrame(frame: FrameSource) {
  const { pre, post } = sourceAround(frame);
  return {
    filename: frame.filename,
    abs_path: frame.filename.startsWith("node:") ? frame.filename : `/srv/shop/${frame.filename}`,
    module: frame.module,
    function: frame.function,
    lineno: frame.lineno,
    colno: frame.colno,
    in_app: frame.inApp,
    pre_context: pre,
    context_line: frame.code,
    post_context: post,
  };
}

function framesOf(frameCount: number): FrameSource[] {
  const frames = [...ENTRY_FRAMES];
  for (let i = 0; frames.length < frameCount; i++) frames.push(RECURSION_FRAMES[i % RECURSION_FRAMES.length]!);
  return frames.slice(0, frameCount);
}

/** What ingestion would call the place: the most recent in-app frame, `module in function`. */
export function deepStackCulprit(frameCount: number): string {
  const frame = framesOf(frameCount).findLast((f) => f.inApp)!;
  return `${frame.module} in ${frame.function}`;
}

/** The event's JSON with `frameCount` frames; `eventId` is the 32-hex-digit id SDKs send. */
export function buildDeepStackEvent(frameCount: number, eventId: string, timestamp: Date, release: string) {
  return {
    event_id: eventId,
    timestamp: timestamp.getTime() / 1000,
    platform: "node",
    level: "error",
    logger: "node",
    server_name: "shop-web-3",
    release,
    environment: "production",
    transaction: "GET /catalog/:slug",
    exception: {
      values: [
        {
          type: "RangeError",
          value: "Maximum call stack size exceeded",
          mechanism: { type: "onuncaughtexception", handled: false },
          stacktrace: { frames: framesOf(frameCount).map(toFrame) },
        },
      ],
    },
    tags: { runtime: "node", "runtime.name": "node", url: "https://shop.example.com/catalog/garden", transaction: "GET /catalog/:slug" },
    user: { id: "user-2718", ip_address: "203.0.113.27" },
    request: {
      url: "https://shop.example.com/catalog/garden",
      method: "GET",
      query_string: "page=2",
      headers: { Host: "shop.example.com", "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36", Accept: "text/html" },
    },
    contexts: {
      runtime: { name: "node", version: "v20.18.1" },
      os: { name: "Linux", version: "6.8.0", kernel_version: "6.8.0-49-generic" },
      app: { app_start_time: new Date(timestamp.getTime() - 3_600_000).toISOString(), app_memory: 187_342_848 },
    },
    breadcrumbs: {
      values: [
        { timestamp: timestamp.getTime() / 1000 - 2.1, category: "http", type: "http", data: { method: "GET", url: "https://api.example.com/categories/garden", status_code: 200 } },
        { timestamp: timestamp.getTime() / 1000 - 1.4, category: "query", message: "SELECT id, parent_id, name FROM categories WHERE root = $1" },
        { timestamp: timestamp.getTime() / 1000 - 0.2, category: "console", level: "warning", message: "category tree deeper than 50 levels" },
      ],
    },
    sdk: { name: "sentry.javascript.node", version: "8.42.0", integrations: ["Http", "Express", "ContextLines", "OnUncaughtException"] },
  };
}
