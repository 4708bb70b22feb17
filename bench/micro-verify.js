'use strict';
// Scenario 5, in its own process: the cost of checking an access token, per call, over many distinct tokens.
//   path     RequestAuthenticator.authenticate as the server runs it (cache on, memory store)
//   cold     TokenService.verifyAccess: jsonwebtoken plus our claim rules, no cache
//   jwt      plain jsonwebtoken.verify with the pinned algorithm and the secret as a string (as the backend does)
//   jwtKey   the same with the secret as a KeyObject (jsonwebtoken 9 first tries a string as a PEM public
//            key and throws; that costs far more than the HMAC itself)
//   floor    HMAC-SHA256 over the signing input, compared with timingSafeEqual: the least any check can cost
require('reflect-metadata');
const { createHmac, createSecretKey, timingSafeEqual } = require('node:crypto');
const jwt = require('jsonwebtoken');
const path = require('node:path');

const dist = (file) => require(path.resolve(__dirname, '../dist', file));
const { loadConfig } = dist('config/config.js');
const { systemClock } = dist('lib/clock.js');
const { silentLogger } = dist('lib/logger.js');
const { createMemoryStores } = dist('stores/memory/memory.stores.js');
const { createServices } = dist('server/services.js');
const { TokenService } = dist('auth/tokens/token.service.js');

const TOKENS = Number(process.env.MICRO_TOKENS || 1000);
const DURATION_MS = Number(process.env.MICRO_MS || 1000);

async function measure(fn) {
  // Warm-up, then as many calls as fit in the duration; ns per call.
  for (let i = 0; i < 2000; i++) await fn(i);
  let calls = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(DURATION_MS) * 1_000_000n;
  let now = started;
  while (now < deadline) {
    for (let k = 0; k < 500; k++) await fn(calls++);
    now = process.hrtime.bigint();
  }
  return Number(now - started) / calls;
}

async function main() {
  const config = loadConfig({ NODE_ENV: 'test', STORE: 'memory', JWT_SECRET: 'bench-secret-that-is-at-least-32-bytes-long', LOG_LEVEL: 'silent', BCRYPT_COST: '4' });
  const stores = createMemoryStores(systemClock);
  const services = createServices(config, stores, systemClock, silentLogger);
  const tokenService = new TokenService(config.jwt, systemClock);
  const tokens = [];
  for (let i = 0; i < TOKENS; i++) {
    const user = await stores.users.create({ email: `micro-${i}@bench.example`, name: null, roles: ['USER'], passwordHash: 'x' });
    tokens.push(tokenService.issuePair(user).accessToken);
  }
  const headers = tokens.map((t) => `Bearer ${t}`);
  const key = Buffer.from(config.jwt.secret);
  const secretKey = createSecretKey(key);
  const parts = tokens.map((t) => {
    const dot = t.lastIndexOf('.');
    return { input: t.slice(0, dot), signature: Buffer.from(t.slice(dot + 1), 'base64url') };
  });
  const pick = (i) => i % TOKENS;

  const variants = {
    path: (i) => services.authenticator.authenticate(headers[pick(i)]),
    cold: (i) => tokenService.verifyAccess(tokens[pick(i)]),
    jwt: (i) => jwt.verify(tokens[pick(i)], config.jwt.secret, { algorithms: [config.jwt.algorithm] }),
    jwtKey: (i) => jwt.verify(tokens[pick(i)], secretKey, { algorithms: [config.jwt.algorithm] }),
    floor: (i) => {
      const { input, signature } = parts[pick(i)];
      const mac = createHmac('sha256', key).update(input).digest();
      if (!timingSafeEqual(mac, signature)) throw new Error('bad signature');
    },
  };
  const rounds = Number(process.env.MICRO_ROUNDS || 3);
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  // Interleaved rounds, so drift in machine load touches every variant alike.
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(variants)) samples[name].push(await measure(fn));
  }
  services.close();
  process.stdout.write(JSON.stringify(samples));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
