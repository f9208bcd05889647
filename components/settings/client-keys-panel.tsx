import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/settings/copy-button";
import { CreateClientKeyButton } from "@/components/settings/create-client-key-button";
import { LegacyDsnReveal } from "@/components/settings/legacy-dsn-reveal";
import { RevokeClientKeyButton } from "@/components/settings/revoke-client-key-button";
import type { ClientKeyActionState, LegacyDsnResult } from "@/lib/errors/error-tracking-settings-form";

// The integrated backend's DSN and its client keys (create, revoke, legacy DSN on request).
// Holds no secret: each key comes with its public DSN only.

export interface ClientKeyRow {
  id: number;
  publicKey: string;
  active: boolean;
  dsn: string;
  createdAt: string;
  revoke: (previous: ClientKeyActionState) => Promise<ClientKeyActionState>;
  revealLegacyDsn: () => Promise<LegacyDsnResult>;
}

export function ClientKeysPanel({
  dsn,
  keys,
  createKey,
}: {
  dsn: string | null;
  keys: ClientKeyRow[];
  createKey: (previous: ClientKeyActionState) => Promise<ClientKeyActionState>;
}) {
  return (
    <section aria-labelledby="dsn-heading" className="space-y-6 rounded-lg border border-gray-200 bg-white p-4">
      <div>
        <h2 id="dsn-heading" className="text-base font-semibold text-gray-900">
          Data Source Name (DSN)
        </h2>
        <p className="mt-1 text-sm text-gray-600">Give this DSN to your Sentry SDK to send errors to Faultline.</p>
        {dsn ? (
          <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
            <input
              readOnly
              aria-label="DSN"
              value={dsn}
              className="block w-full min-w-0 rounded-md border border-gray-300 bg-gray-50 px-3 py-1.5 font-mono text-xs text-gray-900"
            />
            <CopyButton value={dsn} label="Copy DSN" />
          </div>
        ) : (
          <p className="mt-3 text-sm text-amber-900">Every client key is revoked: create one to get a DSN.</p>
        )}
      </div>

      <div>
        <h3 className="text-sm font-semibold text-gray-900">Client keys</h3>
        <ul className="mt-2 divide-y divide-gray-200 rounded-md border border-gray-200">
          {keys.map((key) => {
            const keyName = key.publicKey.slice(0, 8);
            return (
              <li key={key.id} className="space-y-2 px-3 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <code className="font-mono text-xs break-all text-gray-900">{key.publicKey}</code>
                  {key.active ? <Badge tone="green">Active</Badge> : <Badge tone="neutral">Revoked</Badge>}
                  <span className="text-xs text-gray-600">created {key.createdAt}</span>
                </div>
                <p className="font-mono text-xs break-all text-gray-600">{key.dsn}</p>
                <div className="flex flex-wrap items-start gap-2">
                  <LegacyDsnReveal reveal={key.revealLegacyDsn} keyName={keyName} />
                  {key.active ? <RevokeClientKeyButton action={key.revoke} keyName={keyName} /> : null}
                </div>
              </li>
            );
          })}
        </ul>
        <div className="mt-3">
          <CreateClientKeyButton action={createKey} />
        </div>
      </div>
    </section>
  );
}
