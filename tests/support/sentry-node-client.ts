import * as Sentry from "@sentry/node";

// A real @sentry/node client per DSN, without the global `init` (several servers are talked
// to from one test process). Its transport is the SDK's own: envelopes, gzip above 32 KB.

export interface SentryNodeClient {
  capture(error: Error, decorate?: (scope: Sentry.Scope) => void): string;
  flush(): Promise<void>;
}

export function createSentryNodeClient(dsn: string, options: { release?: string; environment?: string } = {}): SentryNodeClient {
  const client = new Sentry.NodeClient({
    dsn,
    release: options.release,
    environment: options.environment ?? "test",
    transport: Sentry.makeNodeTransport,
    stackParser: Sentry.defaultStackParser,
    integrations: [Sentry.linkedErrorsIntegration(), Sentry.contextLinesIntegration()],
    sendClientReports: false,
  });
  client.init();
  return {
    capture(error, decorate) {
      const scope = new Sentry.Scope();
      scope.setClient(client);
      decorate?.(scope);
      return scope.captureException(error);
    },
    async flush() {
      if (!(await client.flush(10_000))) throw new Error("the Sentry client did not flush within 10 s");
    },
  };
}
