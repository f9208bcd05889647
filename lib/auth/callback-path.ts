// Where to go after signing in: only a path on this site, so a crafted link cannot send a
// freshly signed-in user elsewhere.

export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return "/";
  }
  if (value.startsWith("/signin") || value.startsWith("/api/auth")) return "/";
  return value;
}
