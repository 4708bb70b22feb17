/**
 * A fetch stand-in that answers like tokengate for the few operations the tests send: access tokens
 * are strings the test can expire, refresh tokens are single use, and refused tokens answer 401.
 */
import type { AuthPayloadFieldsFragment } from '../src/gql/graphql';

type Json = Record<string, unknown>;

export interface FakeTokengate {
  fetch: typeof fetch;
  /** Every refresh request received, in order. */
  refreshCalls: Json[];
  /** The input of every Login operation received, in order. */
  loginCalls: Json[];
  /** How many requests were refused for an expired access token. */
  expiredRefusals: number;
  /** Access tokens issued so far; the last one is current. */
  issued: string[];
  expireAccessTokens(): void;
  /** The next refreshes answer with this reason instead of a new pair. */
  refuseRefreshWith(reason: string | undefined): void;
  /** The refresh answers only when the test calls the returned function (to make calls overlap). */
  holdNextRefresh(): () => void;
  /** Refreshes from now on hand out access tokens that are already expired (a skewed server clock). */
  issueDeadAccessTokens(): void;
  /** A first token pair, as login would return it (with a new device token). */
  login(): AuthPayloadFieldsFragment;
  /** Device tokens issued so far; the last one is the newest. */
  devices: string[];
}

const user = { id: 'u1', email: 'ada@example.com', roles: ['USER'], __typename: 'User' };

export interface FakeOptions {
  /** The server sets refresh tokens as a cookie and answers refreshToken: null. */
  cookieMode?: boolean;
  /** Answer `application/json` (as a proxy might) instead of `application/graphql-response+json`. */
  plainJson?: boolean;
}

export function fakeTokengate({ cookieMode = false, plainJson = false }: FakeOptions = {}): FakeTokengate {
  const graphqlResponse = (body: Json, status = 200): Response =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': plainJson ? 'application/json; charset=utf-8' : 'application/graphql-response+json; charset=utf-8' },
    });
  const refused = (reason: string, status: number) =>
    graphqlResponse({ errors: [{ message: reason, extensions: { code: 'UNAUTHENTICATED', reason } }] }, status);

  const valid = new Set<string>();
  const spentRefresh = new Set<string>();
  let counter = 0;
  let refusal: string | undefined;
  let hold: Promise<void> | undefined;
  let deadTokens = false;

  const fake: FakeTokengate = {
    refreshCalls: [],
    loginCalls: [],
    expiredRefusals: 0,
    issued: [],
    devices: [],
    login: () => pair(true),
    issueDeadAccessTokens: () => {
      deadTokens = true;
    },
    expireAccessTokens: () => valid.clear(),
    refuseRefreshWith: (reason) => {
      refusal = reason;
    },
    holdNextRefresh: () => {
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      return release;
    },
    fetch: async (_input, init) => {
      const body = JSON.parse(String(init?.body)) as { operationName: string; variables?: Json };
      const authorization = new Headers(init?.headers).get('authorization');
      if (body.operationName === 'Refresh') return refresh(body.variables ?? {}, authorization);
      if (body.operationName === 'Login') {
        fake.loginCalls.push((body.variables?.input ?? {}) as Json);
        return graphqlResponse({ data: { login: pair(true) } });
      }
      if (authorization) {
        const token = authorization.replace(/^Bearer /, '');
        if (!valid.has(token)) {
          fake.expiredRefusals += 1;
          return refused('TOKEN_EXPIRED', 401);
        }
      }
      if (body.operationName === 'Me') {
        if (!authorization) return refused('AUTHENTICATION_REQUIRED', 200);
        return graphqlResponse({ data: { me: { ...user, name: null, createdAt: '2026-01-01T00:00:00.000Z' } } });
      }
      throw new Error(`fake tokengate: unexpected operation ${body.operationName}`);
    },
  };

  /** As tokengate: a login (or register) also hands out a new device token; a refresh answers deviceToken null. */
  function pair(completedLogin = false) {
    counter += 1;
    const accessToken = `access-${counter}`;
    if (!deadTokens) valid.add(accessToken);
    fake.issued.push(accessToken);
    const deviceToken = completedLogin ? `device-${counter}` : null;
    if (deviceToken) fake.devices.push(deviceToken);
    const refreshToken = cookieMode ? null : `refresh-${counter}`;
    return { accessToken, refreshToken, deviceToken, expiresIn: 3, user, __typename: 'AuthPayload' };
  }

  async function refresh(variables: Json, authorization: string | null): Promise<Response> {
    fake.refreshCalls.push({ variables, authorization });
    if (hold) {
      const waiting = hold;
      hold = undefined;
      await waiting;
    }
    if (refusal) return refused(refusal, 200);
    const given = variables.refreshToken;
    if (typeof given === 'string') {
      if (spentRefresh.has(given)) return refused('TOKEN_REVOKED', 200);
      spentRefresh.add(given);
    }
    return graphqlResponse({ data: { refresh: pair() } });
  }

  return fake;
}
