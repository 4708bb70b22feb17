import type { GraphQLResponse } from '../../support/test-server';

export interface SetCookie {
  value: string;
  /** Everything after the value, trimmed: `Max-Age=…`, `Path=/`, `HttpOnly`… */
  attributes: string[];
}

/** The response's Set-Cookie for exactly `name` (the last one, as a browser keeps it), or undefined. */
export function setCookieNamed(response: Pick<GraphQLResponse, 'headers'>, name: string): SetCookie | undefined {
  const lines = response.headers.getSetCookie().filter((line) => line.startsWith(`${name}=`));
  const line = lines.at(-1);
  if (line === undefined) return undefined;
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { value: decodeURIComponent(pair.slice(name.length + 1)), attributes };
}

/** Like setCookieNamed, but the test fails when the response has none. */
export function requireSetCookie(response: Pick<GraphQLResponse, 'headers'>, name: string): SetCookie {
  const cookie = setCookieNamed(response, name);
  if (!cookie) throw new Error(`no ${name} cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  return cookie;
}

/** A Cookie request header, as a browser sends it: `a=1; b=2` (values URI-encoded). */
export const cookieHeader = (...pairs: Array<[string, string]>): { cookie: string } => ({
  cookie: pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; '),
});
