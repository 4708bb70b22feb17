'use strict';
// Issue 15's rows (BENCH_ONLY=sockets): memory per idle authenticated WebSocket, the time from logoutAll to the
// last of 1,000 sockets closed on the same instance, and events per second to 1,000 subscribers. The server runs
// in its own process (its RSS is read from /proc); the sockets are plain `ws` clients speaking graphql-transport-ws.
const WebSocket = require('ws');
const { startServer } = require('./server-process');
const { tokengateEnv } = require('./server-env');
const { post, PASSWORD } = require('./clients');

const REGISTER = 'mutation($i: RegisterInput!){ register(input:$i){ accessToken user { id } } }';
const LOGIN = 'mutation($i: LoginInput!){ login(input:$i){ accessToken } }';
const SET_ROLES = 'mutation($u: ID!, $r: [String!]!){ setUserRoles(userId: $u, roles: $r){ id } }';
const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password 1234' };
const wsUrlOf = (url) => url.replace(/^http/, 'ws');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One signed-in socket, acknowledged; with `subscribe`, sessionEvents running and each event counted. */
function openSocket(url, token, { subscribe = false, onEvent = () => {} } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrlOf(url), 'graphql-transport-ws');
    ws.once('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') {
        if (subscribe) ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { sessionEvents { type at } }' } }));
        resolve(ws);
      } else if (message.type === 'next') onEvent(message);
    });
  });
}

/** Opens `count` sockets, `parallel` at a time. */
async function openMany(url, token, count, options, parallel = 100) {
  const sockets = [];
  for (let i = 0; i < count; i += parallel) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, () => openSocket(url, token, options)))));
  }
  return sockets;
}

async function signIn(url, email) {
  const registered = await post(url, REGISTER, { i: { email, password: PASSWORD } });
  return { token: registered.body.data.register.accessToken, userId: registered.body.data.register.user.id };
}

async function closeAll(sockets) {
  await Promise.all(sockets.map((ws) => new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    ws.once('close', resolve);
    ws.terminate();
  })));
}

/** (a) RSS of the server before and after `count` idle signed-in sockets (no subscription): bytes per socket. */
async function idleMemory(server, count) {
  const { token } = await signIn(server.url, `bench-idle-${Date.now()}@example.com`);
  await sleep(1_000);
  const before = server.rss();
  const sockets = await openMany(server.url, token, count);
  await sleep(2_000);
  const after = server.rss();
  await closeAll(sockets);
  return { sockets: count, rssBefore: before, rssAfter: after, bytesPerSocket: (after - before) / count };
}

/** (b) logoutAll, then the time until the last of `count` sockets (each with sessionEvents) has closed. */
async function logoutAllToLastClose(server, count) {
  const { token } = await signIn(server.url, `bench-logout-${Date.now()}@example.com`);
  const sockets = await openMany(server.url, token, count, { subscribe: true });
  await sleep(500);
  const closed = sockets.map((ws) => new Promise((resolve) => ws.once('close', (code) => resolve({ code, at: performance.now() }))));
  const started = performance.now();
  await post(server.url, 'mutation { logoutAll }', {}, { authorization: `Bearer ${token}` });
  const answered = performance.now();
  const closes = await Promise.all(closed);
  const last = Math.max(...closes.map((close) => close.at));
  return {
    sockets: count,
    mutationMs: answered - started,
    lastCloseMs: last - started,
    codes: [...new Set(closes.map((close) => close.code))],
  };
}

/** (c) `events` ROLES_CHANGED events, each to `count` subscribed sockets of one user: deliveries per second. */
async function eventRate(server, count, events) {
  const user = await signIn(server.url, `bench-events-${Date.now()}@example.com`);
  const admin = await post(server.url, LOGIN, { i: ADMIN });
  const adminToken = admin.body.data.login.accessToken;
  let delivered = 0;
  const expected = count * events;
  let done;
  const all = new Promise((resolve) => (done = resolve));
  const sockets = await openMany(server.url, user.token, count, {
    subscribe: true,
    onEvent: () => {
      if (++delivered === expected) done(performance.now());
    },
  });
  await sleep(500);
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    await post(server.url, SET_ROLES, { u: user.userId, r: ['USER'] }, { authorization: `Bearer ${adminToken}` });
  }
  const finished = await Promise.race([all, sleep(60_000).then(() => performance.now())]);
  await closeAll(sockets);
  const seconds = (finished - started) / 1000;
  return { subscribers: count, events, delivered, seconds, deliveriesPerSecond: delivered / seconds };
}

async function socketRows(options) {
  const idle = options.quick ? 1_000 : 10_000;
  const fanOut = options.quick ? 200 : 1_000;
  const server = await startServer(tokengateEnv(options.bcryptCost, {
    WS_MAX_CONNECTIONS_PER_IP: '100000',
    WS_MAX_CONNECTIONS_PER_USER: '10000',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  }));
  try {
    const memory = await idleMemory(server, idle);
    console.log(`sockets: ${f0(memory.bytesPerSocket)} bytes per idle socket (${idle})`);
    // The first logoutAll of a fresh process runs cold (JIT, first allocations): reported on its own; the next
    // one is a warm-up too, and the median is taken over the rounds after them, as a server in service runs warm.
    const cold = await logoutAllToLastClose(server, fanOut);
    await logoutAllToLastClose(server, fanOut);
    const logout = [];
    for (let round = 0; round < options.rounds; round++) logout.push(await logoutAllToLastClose(server, fanOut));
    console.log(`sockets: logoutAll → last close, cold ${f0(cold.lastCloseMs)} ms, then ${logout.map((row) => f0(row.lastCloseMs)).join(', ')} ms`);
    const rate = await eventRate(server, fanOut, options.quick ? 5 : 20);
    console.log(`sockets: ${f0(rate.deliveriesPerSecond)} deliveries/s to ${fanOut} subscribers`);
    return { memory, cold, logout, rate };
  } finally {
    await server.stop();
  }
}

const f0 = (n) => Number(n).toFixed(0);

/** The RESULTS.md section (between its markers, replaced by BENCH_ONLY=sockets). */
function socketsSection({ meta, result }, conditions, spread) {
  const { memory, cold, logout, rate } = result;
  const last = spread(logout.map((row) => row.lastCloseMs));
  return [
    '## Issue 15: WebSockets (idle memory, logoutAll to the last close, event fan-out)',
    '',
    conditions(meta),
    '',
    'Server in its own process (RSS from /proc), memory store; the clients are plain `ws` sockets in the bench process, on the same loaded machine.',
    '',
    '| Measure | Result | Target |',
    '|---|---|---|',
    `| Memory per idle authenticated socket (${memory.sockets} sockets, RSS after − before) | ${(memory.bytesPerSocket / 1024).toFixed(1)} KB | < 20 KB |`,
    `| \`logoutAll\` to the last of ${logout[0].sockets} sockets closed (same instance), median of ${logout.length} warm rounds (min–max) | ${f0(last.median)} ms (${f0(last.min)}–${f0(last.max)}); close codes ${logout[0].codes.join(', ')} | ≤ 200 ms |`,
    ...(cold ? [`| The same, the first \`logoutAll\` of a freshly started server (cold) | ${f0(cold.lastCloseMs)} ms | — |`] : []),
    `| Events per second to ${rate.subscribers} subscribers (${rate.events} ROLES_CHANGED, each re-checking every socket's token and user) | ${f0(rate.deliveriesPerSecond)} deliveries/s (${rate.delivered} in ${rate.seconds.toFixed(2)} s) | — |`,
  ];
}

module.exports = { socketRows, socketsSection };
