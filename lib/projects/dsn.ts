// A DSN tells an SDK where to send events (SPEC §4):
//   {scheme}://{public_key}@{host}{path_prefix}/{project_id}
// The legacy form adds the secret (`public:secret@`), which old raven clients require.

export function formatDsn(publicKey: string, projectId: number, publicUrl: string): string {
  return composeDsn(publicKey, projectId, publicUrl);
}

export function formatLegacyDsn(
  publicKey: string,
  secretKey: string,
  projectId: number,
  publicUrl: string,
): string {
  return composeDsn(`${publicKey}:${secretKey}`, projectId, publicUrl);
}

function composeDsn(credentials: string, projectId: number, publicUrl: string): string {
  const url = new URL(publicUrl);
  const scheme = url.protocol.replace(/:$/, "");
  const pathPrefix = url.pathname.replace(/\/+$/, "");
  return `${scheme}://${credentials}@${url.host}${pathPrefix}/${projectId}`;
}
