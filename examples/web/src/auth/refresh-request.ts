import { print } from 'graphql';
import type { AuthPayloadFieldsFragment } from '../gql/graphql';
import { RefreshDocument } from '../graphql/operations';
import type { RefreshCredential } from './refresh-credential';
import { tokenReasonIn, type TokenReason } from './token-failure';

/** The refresh was refused (spent, reused, revoked, expired): the session is over. */
export class RefreshRefusedError extends Error {
  constructor(readonly reason: TokenReason | 'NO_SESSION' | 'UNEXPECTED') {
    super(`refresh refused: ${reason}`);
    this.name = 'RefreshRefusedError';
  }
}

const REFRESH_QUERY = print(RefreshDocument);

/**
 * Sends `refresh` outside the link chain on purpose: without an Authorization header (an expired access
 * token there would refuse the whole request with 401) and, in cookie mode, with the cookie.
 */
export async function requestRefresh(
  fetchFn: typeof fetch,
  uri: string,
  credential: RefreshCredential,
): Promise<AuthPayloadFieldsFragment> {
  const cookieMode = credential.mode === 'cookie';
  const response = await fetchFn(uri, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    credentials: cookieMode ? 'include' : 'same-origin',
    body: JSON.stringify({
      operationName: 'Refresh',
      query: REFRESH_QUERY,
      // Cookie mode: the argument is omitted and the server reads the cookie.
      variables: cookieMode ? {} : { refreshToken: credential.refreshToken },
    }),
  });
  let body: { data?: { refresh?: AuthPayloadFieldsFragment } | null; errors?: { extensions?: Record<string, unknown> }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new Error(`refresh: unreadable response (HTTP ${response.status})`);
  }
  const payload = body.data?.refresh;
  if (payload) return payload;
  const reason = tokenReasonIn(body.errors);
  // A field error on refreshToken means the server had no token to read (cookie gone): also over.
  const noToken = body.errors?.some((error) => error.extensions?.code === 'BAD_USER_INPUT');
  if (reason || noToken) throw new RefreshRefusedError(reason ?? 'NO_SESSION');
  throw new Error(`refresh failed (HTTP ${response.status})`);
}
