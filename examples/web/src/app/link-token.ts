/**
 * The `token` of a mailed link (/verify-email?token=…): read once, then removed from the address bar with
 * history.replaceState, so it stays neither in the history nor in a Referer. Kept here for the path it came
 * with, so a second render (React's StrictMode renders twice in development) gets it too.
 */
let taken: { path: string; token: string | null } | undefined;

export function takeLinkToken(): string | null {
  const { pathname, search, hash } = window.location;
  if (taken?.path === pathname && !search) return taken.token;
  const token = new URLSearchParams(search).get('token');
  if (search) window.history.replaceState(window.history.state, '', pathname + hash);
  taken = { path: pathname, token };
  return token;
}

const sent = new Map<string, Promise<unknown>>();

/** Runs `send` once per token: a link works once, so a repeated effect must not spend it twice. */
export function oncePerToken<T>(token: string, send: () => Promise<T>): Promise<T> {
  if (!sent.has(token)) sent.set(token, send());
  return sent.get(token) as Promise<T>;
}
