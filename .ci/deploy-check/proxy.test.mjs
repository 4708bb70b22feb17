// What deploy/nginx/tokengate.conf must do in front of tokengate, checked through a running nginx (started by
// .ci/deploy-check.sh on loopback in front of two `node dist/index.js` with TRUST_PROXY=1):
// round robin over both instances, GraphQL over HTTP, the WebSocket upgrade, and X-Forwarded-For.
// The instances have no shared store here (no MongoDB), so each check needs one request to one instance only;
// which instance answered is read from its own log: the audit line of the request's X-Request-Id.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { after, test } from 'node:test';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const NGINX_URL = process.env.NGINX_URL;
const INSTANCE_LOGS = (process.env.INSTANCE_LOGS ?? '').split(':').filter(Boolean);
assert.ok(NGINX_URL && INSTANCE_LOGS.length === 2, 'NGINX_URL and INSTANCE_LOGS (two paths, colon-separated) are set by .ci/deploy-check.sh');

// The client speaks from another loopback address than nginx's own (127.0.0.1), so the address tokengate
// reports tells whether it came from X-Forwarded-For (127.0.0.2) or from the TCP peer, nginx (127.0.0.1).
const CLIENT_ADDRESS = '127.0.0.2';
/** Nothing here should take a second; a broken proxy must fail a test, never hang the run. */
const TEST_TIMEOUT_MS = 20_000;
const agent = new http.Agent({ localAddress: CLIENT_ADDRESS, keepAlive: true });
const graphqlUrl = new URL('/graphql', NGINX_URL);

/** POST /graphql through nginx from CLIENT_ADDRESS; resolves with status, headers and parsed body. */
function postGraphQL(query, variables, headers = {}) {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const request = http.request(graphqlUrl, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }';
const REGISTER = 'mutation Register($input: RegisterInput!) { register(input: $input) { accessToken user { email } } }';

/** The audit lines (pino JSON) each instance has written so far, per instance. */
function auditLines() {
  return INSTANCE_LOGS.map((file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line)).filter((line) => line.audit === true));
}

/** Polls the logs until every request id has its audit line (pino writes asynchronously); [instance, line] per id. */
async function auditLinesOf(requestIds) {
  const until = Date.now() + 10_000;
  for (;;) {
    const perInstance = auditLines();
    const found = requestIds.map((id) => {
      const where = perInstance.flatMap((lines, instance) => lines.filter((line) => line.requestId === id).map((line) => [instance, line]));
      assert.ok(where.length <= 1, `request ${id} was logged by more than one instance`);
      return where[0];
    });
    if (found.every(Boolean)) return found;
    if (Date.now() > until) assert.fail(`no audit line for ${requestIds.filter((_, i) => !found[i]).join(', ')} in either instance's log`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Failed logins: each is one audit line (login_failed) with the request id and the client address as tokengate saw them.
const failedLogins = (async () => {
  const ids = [];
  const answers = [];
  for (let i = 0; i < 6; i++) {
    const id = `deploy-check-${i}-${randomUUID()}`;
    ids.push(id);
    answers.push(await postGraphQL(LOGIN, { input: { email: `nobody-${randomUUID()}@example.com`, password: 'not the password' } }, {
      'x-request-id': id,
      // What a client may write itself: with one trusted hop tokengate must ignore it.
      'x-forwarded-for': '203.0.113.9',
    }));
  }
  return { ids, answers, lines: await auditLinesOf(ids) };
})();

test('GraphQL over HTTP answers through nginx, with tokengate\'s error contract and request id', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { ids, answers } = await failedLogins;
  answers.forEach((answer, i) => {
    assert.equal(answer.status, 200);
    assert.equal(answer.body.errors[0].extensions.code, 'UNAUTHENTICATED');
    assert.equal(answer.body.errors[0].extensions.reason, 'INVALID_CREDENTIALS');
    assert.equal(answer.headers['x-request-id'], ids[i]);
  });
  const email = `deploy-${randomUUID()}@example.com`;
  const registered = await postGraphQL(REGISTER, { input: { email, password: 'correct horse battery staple' } });
  assert.equal(registered.status, 200, JSON.stringify(registered.body));
  assert.equal(registered.body.data.register.user.email, email);
  assert.match(registered.body.data.register.accessToken, /^ey/);
});

test('round robin: consecutive requests alternate between the two instances', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { lines } = await failedLogins;
  const instances = lines.map(([instance]) => instance);
  assert.deepEqual(new Set(instances), new Set([0, 1]), `both instances answer (got ${instances.join(',')})`);
  for (let i = 1; i < instances.length; i++) assert.notEqual(instances[i], instances[i - 1], `requests ${i - 1} and ${i} went to the same instance (${instances.join(',')})`);
});

test('X-Forwarded-For: tokengate (TRUST_PROXY=1) sees the address nginx saw, not nginx\'s nor one the client wrote', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { lines } = await failedLogins;
  for (const [, line] of lines) {
    assert.equal(line.event, 'login_failed');
    assert.equal(line.ip, CLIENT_ADDRESS);
  }
});

/** A graphql-ws client through nginx from CLIENT_ADDRESS; `closed` resolves with the close event. */
function wsClient(connectionParams) {
  let closed;
  const closedEvent = new Promise((resolve) => (closed = resolve));
  let connected;
  let refused;
  // Settles either way: a socket closed before connection_ack (an upgrade nginx did not pass) fails the test at once.
  const ack = new Promise((resolve, reject) => {
    connected = resolve;
    refused = reject;
  });
  ack.catch(() => undefined);
  const client = createClient({
    url: graphqlUrl.href.replace(/^http/, 'ws'),
    webSocketImpl: class extends WebSocket {
      constructor(address, protocols) {
        super(address, protocols, { localAddress: CLIENT_ADDRESS });
      }
    },
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: {
      connected: () => connected(true),
      closed: (event) => {
        refused(new Error(`closed before connection_ack: ${event.code} ${event.reason || ''}`));
        closed(event);
      },
    },
  });
  return { client, ack, closed: closedEvent };
}

test('WebSocket: the upgrade passes through nginx; connection_ack, a subscription answer, then a clean close', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { client, ack, closed } = wsClient(undefined);
  try {
    assert.equal(await ack, true, 'connection_ack received');
    // Anonymous: sessionEvents needs a signed-in user, so the subscription's one result is that error.
    const result = await new Promise((resolve, reject) => {
      client.subscribe({ query: 'subscription { sessionEvents { type } }' }, {
        next: resolve,
        error: reject,
        complete: () => reject(new Error('completed without a result')),
      });
    });
    assert.equal(result.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', JSON.stringify(result));
  } finally {
    await client.dispose();
  }
  assert.equal((await closed).code, 1000);
});

test('WebSocket: tokengate\'s close codes reach the client through nginx (a forged token: 4401)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { client, closed } = wsClient({ authorization: 'Bearer not.a.token' });
  try {
    assert.equal((await closed).code, 4401);
  } finally {
    await client.dispose();
  }
});

test('health probes answer through nginx', { timeout: TEST_TIMEOUT_MS }, async () => {
  for (const path of ['/health/live', '/health/ready']) {
    const response = await fetch(new URL(path, NGINX_URL));
    assert.equal(response.status, 200, path);
  }
});

// The keep-alive connections would hold the process open after the last test.
after(() => agent.destroy());
