// Seals a secret (the Sentry auth token) for storage, and opens it again: AES-256-GCM via Web
// Crypto, with the key derived from the server secret by HKDF-SHA256. A sealed value is
// `v1.<iv>.<ciphertext+tag>`, both base64url. Opening with another server secret, or a value
// that was altered, answers a failure value rather than throwing.

const VERSION = "v1";
const IV_BYTES = 12;
const KEY_INFO = "faultline sentry token";
const KEY_SALT = "faultline secret-box v1";

export type OpenSecretFailure =
  /** Not a sealed value of a version we know. */
  | { kind: "malformed" }
  /** Sealed with another server secret, or altered since. */
  | { kind: "undecryptable" };

export type OpenSecretResult = { ok: true; value: string } | { ok: false; error: OpenSecretFailure };

const encoder = new TextEncoder();

async function deriveKey(serverSecret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(serverSecret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode(KEY_SALT), info: encoder.encode(KEY_INFO) },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

export async function sealSecret(plaintext: string, serverSecret: string): Promise<string> {
  const key = await deriveKey(serverSecret);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, encoder.encode(plaintext));
  return [VERSION, Buffer.from(iv).toString("base64url"), Buffer.from(ciphertext).toString("base64url")].join(".");
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export async function openSecret(sealed: string, serverSecret: string): Promise<OpenSecretResult> {
  const parts = sealed.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION || !BASE64URL.test(parts[1]) || !BASE64URL.test(parts[2])) {
    return { ok: false, error: { kind: "malformed" } };
  }
  const iv = Buffer.from(parts[1], "base64url");
  const ciphertext = Buffer.from(parts[2], "base64url");
  // The GCM tag alone is 16 bytes.
  if (iv.byteLength !== IV_BYTES || ciphertext.byteLength < 16) return { ok: false, error: { kind: "malformed" } };
  try {
    const key = await deriveKey(serverSecret);
    const plaintext = await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, ciphertext);
    return { ok: true, value: new TextDecoder("utf-8", { fatal: true }).decode(plaintext) };
  } catch {
    return { ok: false, error: { kind: "undecryptable" } };
  }
}
