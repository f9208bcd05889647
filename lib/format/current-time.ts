// The server's clock for a render, taken once per page so every relative time on it agrees.

export function currentTime(): number {
  return Date.now();
}
