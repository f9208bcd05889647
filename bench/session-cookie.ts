import { encode } from "next-auth/jwt";

// A signed-in session as next-auth keeps it (lib/auth/next-auth.ts): an encrypted JWT cookie
// carrying the user id, sealed with the server's AUTH_SECRET.

const SESSION_COOKIE = "authjs.session-token";

/** The `Cookie` header value of a session for `userId` on a server started with `secret`. */
export async function mintSessionCookie(userId: number, secret: string): Promise<string> {
  const token = await encode({ token: { uid: userId, sub: String(userId) }, secret, salt: SESSION_COOKIE, maxAge: 60 * 60 });
  return `${SESSION_COOKIE}=${token}`;
}
