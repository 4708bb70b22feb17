'use strict';
// The HTTP side: sets up users and tokens, and runs each scenario with autocannon.
const autocannon = require('autocannon');

const PASSWORD = 'bench password 1234';
const USER_FIELDS = 'id email name roles createdAt';
const ME = `query { me { ${USER_FIELDS} } }`;
const REGISTER = 'mutation($i: RegisterInput!){ register(input:$i){ accessToken refreshToken user { id } } }';
const LOGIN = 'mutation($i: LoginInput!){ login(input:$i){ accessToken } }';
const REFRESH = 'mutation($r: String){ refresh(refreshToken:$r){ accessToken refreshToken } }';
const JSON_HEADERS = { 'content-type': 'application/json' };

async function post(url, query, variables = {}, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

/** Registers `users` users, then refreshes each `tokensPerUser - 1` times: many distinct, valid access tokens. */
async function createSessions(url, { users, tokensPerUser, label }) {
  const sessions = [];
  const accessTokens = [];
  const register = async (i) => {
    const email = `${label}-${Date.now()}-${i}@bench.example`;
    const reg = await post(url, REGISTER, { i: { email, password: PASSWORD } });
    if (!reg.body.data) throw new Error(`register failed: ${reg.text}`);
    let { accessToken, refreshToken } = reg.body.data.register;
    accessTokens.push(accessToken);
    for (let t = 1; t < tokensPerUser; t++) {
      ({ accessToken, refreshToken } = (await post(url, REFRESH, { r: refreshToken })).body.data.refresh);
      accessTokens.push(accessToken);
    }
    sessions.push({ email, refreshToken });
  };
  // A few at a time: registration is bcrypt-bound.
  for (let i = 0; i < users; i += 8) await Promise.all(Array.from({ length: Math.min(8, users - i) }, (_, k) => register(i + k)));
  return { sessions, accessTokens };
}

const SETTINGS_FIELDS = 'tokenType accessTokenTtl refreshTokenTtl refreshTokenCookie passwordMinCharacters passwordMaxBytes';

/** A public query whose response is at least the byte size of `me`'s: aliases of authSettings. */
async function publicQueryOfSize(url, targetBytes) {
  for (let count = 1; count < 200; count++) {
    // authSettings is a public object field with resolvers like `me`'s, so (2)/(1) isolates authentication.
    const query = `query { ${Array.from({ length: count }, (_, i) => `s${i}: authSettings { ${SETTINGS_FIELDS} }`).join(' ')} }`;
    const { status, text, body } = await post(url, query);
    // A refused query (e.g. over GRAPHQL_MAX_ALIASES) would be a cheaper baseline, not a bigger one.
    if (status !== 200 || body.errors) throw new Error(`public query refused (${status}): ${text.slice(0, 200)}`);
    if (text.length >= targetBytes) return { query, bytes: text.length };
  }
  throw new Error('could not match the response size');
}

function summarize(result) {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function run(options) {
  return autocannon({ method: 'POST', headers: JSON_HEADERS, ...options }).then(summarize);
}


/**
 * Requests that rotate through many tokens. The public scenario sends the same bytes in a header the server
 * ignores, so both scenarios cost the client (which shares the machine) and the HTTP parser the same.
 */
function rotating(url, query, tokens, header, opts) {
  let next = 0;
  const body = JSON.stringify({ query });
  return run({
    url,
    ...opts,
    requests: [
      {
        setupRequest: (req) => {
          next = (next + 1) % tokens.length;
          return { ...req, body, headers: { ...JSON_HEADERS, [header]: `Bearer ${tokens[next]}` } };
        },
      },
    ],
  });
}

/** `me`, each request with the next of many tokens. */
const me = (url, tokens, opts) => rotating(url, ME, tokens, 'authorization', opts);

/** The public query, with the same request and response sizes as `me`. */
const publicQuery = (url, query, tokens, opts) => rotating(url, query, tokens, 'x-bench-padding', opts);

/** A steady stream of logins (bcrypt compare each) at `rate` per second, until stopped. */
function loginStream(url, email, { rate, connections = 2, duration }) {
  const body = JSON.stringify({ query: LOGIN, variables: { i: { email, password: PASSWORD } } });
  return run({ url, body, connections, overallRate: rate, duration });
}

/**
 * Refresh rotation: each request spends a live refresh token from `pool` and puts the new one back.
 * A token whose answer never came (in flight at the end) or failed is dropped, never sent twice:
 * a second use would count as reuse and revoke the whole family.
 */
function refresh(url, pool, opts) {
  let failures = 0;
  return run({
    url,
    ...opts,
    requests: [
      {
        setupRequest: (req) => {
          const token = pool.shift();
          if (token === undefined) return req; // the pool ran dry: resend the previous body, which will fail
          return { ...req, body: JSON.stringify({ query: REFRESH, variables: { r: token } }) };
        },
        onResponse: (_status, body) => {
          let fresh;
          try {
            fresh = JSON.parse(body).data?.refresh?.refreshToken;
          } catch {
            // counted below
          }
          if (fresh) pool.push(fresh);
          else failures++;
        },
      },
    ],
  }).then((summary) => ({ ...summary, errors: summary.errors + failures }));
}

/** Logins as fast as `connections` allow, each with the next of many accounts (issue 12 and 16 rows). */
function logins(url, emails, opts) {
  let next = 0;
  return run({
    url,
    ...opts,
    requests: [
      {
        setupRequest: (req) => {
          next = (next + 1) % emails.length;
          return { ...req, body: JSON.stringify({ query: LOGIN, variables: { i: { email: emails[next], password: PASSWORD } } }) };
        },
      },
    ],
  });
}

/** RFC 7662 introspection of many access tokens by one configured client (HTTP Basic, form body). */
function introspect(origin, tokens, { clientId, clientSecret, ...opts }) {
  let next = 0;
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
  };
  let inactive = 0;
  return autocannon({
    url: `${origin}/oauth/introspect`,
    method: 'POST',
    headers,
    ...opts,
    requests: [
      {
        setupRequest: (req) => {
          next = (next + 1) % tokens.length;
          return { ...req, headers, body: `token=${encodeURIComponent(tokens[next])}&token_type_hint=access_token` };
        },
        onResponse: (_status, body) => {
          if (!String(body).includes('"active":true')) inactive++;
        },
      },
    ],
  })
    .then(summarize)
    .then((summary) => ({ ...summary, errors: summary.errors + inactive }));
}

module.exports = { ME, PASSWORD, post, createSessions, publicQueryOfSize, publicQuery, me, loginStream, refresh, logins, introspect };
