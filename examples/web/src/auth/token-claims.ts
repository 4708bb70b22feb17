/**
 * The `sid` claim of an access token, read without verifying it: the server verifies every token it is sent;
 * the tab only needs to know which of the account's sessions it is, to tell "my session ended" from "another
 * one did" in pushed events. A token it cannot read gives undefined (then the server's 4401 close decides).
 */
export function sessionIdOf(accessToken: string): string | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const sid = (JSON.parse(json) as { sid?: unknown }).sid;
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
}
