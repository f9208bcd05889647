import type { RunningServer } from "../tests/support/server-process";
import type { Target } from "./load";

// Where a benchmark sends its envelopes: the demo project that a first start creates.

/** The first start prints the demo project's DSN just after the server starts listening. */
export async function waitForDemoDsn(server: RunningServer): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const dsn = /Demo project DSN:\s+(\S+)/.exec(server.output())?.[1];
    if (dsn) return dsn;
    if (Date.now() > deadline) throw new Error(`no DSN printed on first start:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function targetFromDsn(dsn: string, port: number): Target {
  const url = new URL(dsn);
  const projectId = url.pathname.replace(/^\//, "");
  return {
    port,
    path: `/api/${projectId}/envelope/`,
    headers: {
      "content-type": "application/x-sentry-envelope",
      "x-sentry-auth": `Sentry sentry_version=7, sentry_key=${url.username}, sentry_client=faultline-bench/1.0`,
    },
  };
}
