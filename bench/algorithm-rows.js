'use strict';
// Issue 12's server rows: login and refresh throughput with each JWT_ALGORITHM against HS256, and RFC 7662
// introspection requests per second, with the server CPU per request beside each (steadier on a shared machine).
const crypto = require('node:crypto');
const clients = require('./clients');
const { withServerCpu } = require('./proc-cpu');
const { tokengateEnv } = require('./server-env');
const { startServer } = require('./server-process');

const ALGORITHMS = ['HS256', 'ES256', 'RS256'];
const CLIENT = { clientId: 'bench-router', clientSecret: 'bench-router-secret-that-is-at-least-32-characters' };
/** The cheapest Argon2id: these rows measure issuing tokens, not hashing passwords (the password rows do that). */
const CHEAP_PASSWORDS = { PASSWORD_HASH: 'argon2id', ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' };

function privateKeyPem(algorithm) {
  if (algorithm === 'HS256') return undefined;
  const { privateKey } =
    algorithm === 'ES256' ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }) : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' });
}

async function startAlgorithm(algorithm, options) {
  const pem = privateKeyPem(algorithm);
  const server = await startServer(
    tokengateEnv(4, {
      ...CHEAP_PASSWORDS,
      JWT_ALGORITHM: algorithm,
      ...(pem ? { JWT_PRIVATE_KEY: pem, PUBLIC_URL: 'http://127.0.0.1' } : {}),
      INTROSPECTION_CLIENTS: `${CLIENT.clientId}:${CLIENT.clientSecret}`,
      RATE_LIMIT_INTROSPECTION_PER_CLIENT: 'off',
    }),
  );
  try {
    const { sessions, accessTokens } = await clients.createSessions(server.url, {
      users: options.users,
      tokensPerUser: Math.min(options.tokensPerUser, 3),
      label: `alg-${algorithm}`,
    });
    return {
      algorithm,
      server,
      origin: new URL(server.url).origin,
      emails: sessions.map((session) => session.email),
      refreshPool: sessions.map((session) => session.refreshToken),
      accessTokens,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function algorithmRows(options) {
  const load = { connections: options.connections, duration: options.duration };
  const targets = [];
  try {
    for (const algorithm of ALGORITHMS) {
      console.log(`[algorithms] starting ${algorithm} and setting up ${options.users} users`);
      targets.push(await startAlgorithm(algorithm, options));
    }
    const rounds = [];
    for (let round = 1; round <= options.rounds; round++) {
      const row = {};
      // The order rotates every round, so none always runs first (or right after the heaviest).
      const order = targets.map((_, i) => targets[(i + round) % targets.length]);
      for (const t of order) {
        const cpu = (fn) => withServerCpu(t.server.pid, fn);
        row[t.algorithm] = {
          login: await cpu(() => clients.logins(t.server.url, t.emails, load)),
          refresh: await cpu(() =>
            clients.refresh(t.server.url, t.refreshPool, { ...load, connections: Math.min(load.connections, Math.floor(t.refreshPool.length / 2)) }),
          ),
          introspect: await cpu(() => clients.introspect(t.origin, t.accessTokens, { ...load, ...CLIENT })),
        };
      }
      rounds.push(row);
      console.log(
        `[algorithms] round ${round}/${options.rounds}: ` +
          ALGORITHMS.map((a) => `${a} login ${row[a].login.rps.toFixed(0)}/s refresh ${row[a].refresh.rps.toFixed(0)}/s introspect ${row[a].introspect.rps.toFixed(0)}/s`).join('; '),
      );
    }
    return { algorithms: ALGORITHMS, rounds, users: options.users, tokens: targets[0].accessTokens.length };
  } finally {
    await Promise.all(targets.map((t) => t.server.stop()));
  }
}

module.exports = { algorithmRows, ALGORITHMS };
