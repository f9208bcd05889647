import { createHash } from "node:crypto";

// Access tokens and sign-in links are stored as the SHA-256 of the token, never the token.
// A fast hash is right here: the tokens are 256-bit random values, not passwords.

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
