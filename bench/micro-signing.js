'use strict';
// Issue 12, in its own process: signing and verifying one access token, per call, for each JWT_ALGORITHM
// (ES256, RS256, and HS256 for reference), against plain jsonwebtoken and a node:crypto floor.
//   tokengate.sign    signJwt with the server's key ring (header kid and typ, KeyObject made once)
//   tokengate.verify  TokenService.verifyAccess, uncached: jsonwebtoken plus the claim rules (RFC 8725 checks)
//   jwt.sign          plain jsonwebtoken.sign with the same KeyObject and claims
//   jwt.verify        plain jsonwebtoken.verify with the public KeyObject, algorithm pinned
//   floor.sign        node:crypto over the signing input only (createHmac / crypto.sign), no JSON, no base64url of claims
//   floor.verify      node:crypto over the signing input (timingSafeEqual / crypto.verify)
require('reflect-metadata');
const crypto = require('node:crypto');
const jwt = require('jsonwebtoken');
const path = require('node:path');

const dist = (file) => require(path.resolve(__dirname, '../dist', file));
const { loadConfig } = dist('config/config.js');
const { systemClock } = dist('lib/clock.js');
const { TokenService } = dist('auth/tokens/token.service.js');
const { signJwt, asymmetricJwtKeyRing, keyRing } = dist('auth/tokens/jwt.backend.js');

const DURATION_MS = Number(process.env.MICRO_MS || 1000);
const ROUNDS = Number(process.env.MICRO_ROUNDS || 3);
const ALGORITHMS = (process.env.MICRO_ALGORITHMS || 'HS256,ES256,RS256').split(',');
const SECRET = 'bench-secret-that-is-at-least-32-bytes-long-0123456789';
const USER = { id: '0123456789abcdef01234567', email: 'micro@bench.example', name: null, roles: ['USER'], tokenVersion: 0, passwordHash: 'x', createdAt: new Date() };

function measure(fn) {
  for (let i = 0; i < 200; i++) fn(i);
  let calls = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(DURATION_MS) * 1_000_000n;
  let now = started;
  while (now < deadline) {
    for (let k = 0; k < 50; k++) fn(calls++);
    now = process.hrtime.bigint();
  }
  return Number(now - started) / calls;
}

/** The PEM pair of a fresh key for the algorithm; RS256 at the 2048 bits a deployment would use. */
function keyPairFor(algorithm) {
  const pair =
    algorithm === 'ES256'
      ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) };
}

function variantsFor(algorithm) {
  const asymmetric = algorithm !== 'HS256';
  const keys = asymmetric ? keyPairFor(algorithm) : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    STORE: 'memory',
    LOG_LEVEL: 'silent',
    JWT_SECRET: SECRET,
    JWT_ALGORITHM: algorithm,
    ...(asymmetric ? { JWT_PRIVATE_KEY: keys.pem } : {}),
  });
  const service = new TokenService(config.jwt, systemClock);
  const ring = asymmetric ? asymmetricJwtKeyRing(config.jwt.signingKeys.ring, () => Infinity) : keyRing(algorithm, config.jwt.secret);
  const { access } = service.issuePair(USER);
  const token = service.issuePair(USER).accessToken;
  const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
  const input = token.slice(0, token.lastIndexOf('.'));
  const signature = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
  const secretKey = crypto.createSecretKey(Buffer.from(config.jwt.secret));
  const signKey = asymmetric ? keys.privateKey : secretKey;
  const verifyKey = asymmetric ? keys.publicKey : secretKey;
  const jwtSignOptions = { algorithm, keyid: header.kid, header: { typ: header.typ } };
  // ES256 signatures in a JWS are r || s (IEEE P1363), not DER.
  const cryptoKey = (key) => (algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  const hmac = () => crypto.createHmac('sha256', secretKey).update(input).digest();
  return {
    'tokengate.sign': () => signJwt({ ...access }, ring),
    'tokengate.verify': () => service.verifyAccess(token),
    'jwt.sign': () => jwt.sign({ ...access }, signKey, jwtSignOptions),
    'jwt.verify': () => jwt.verify(token, verifyKey, { algorithms: [algorithm] }),
    'floor.sign': asymmetric ? () => crypto.sign('sha256', Buffer.from(input), cryptoKey(signKey)) : hmac,
    'floor.verify': asymmetric
      ? () => {
          if (!crypto.verify('sha256', Buffer.from(input), cryptoKey(verifyKey), signature)) throw new Error('bad signature');
        }
      : () => {
          if (!crypto.timingSafeEqual(hmac(), signature)) throw new Error('bad signature');
        },
  };
}

function main() {
  const variants = Object.fromEntries(ALGORITHMS.map((algorithm) => [algorithm, variantsFor(algorithm)]));
  const samples = Object.fromEntries(ALGORITHMS.map((algorithm) => [algorithm, Object.fromEntries(Object.keys(variants[algorithm]).map((name) => [name, []]))]));
  // Interleaved rounds: drift in machine load touches every algorithm and variant alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const algorithm of ALGORITHMS) {
      for (const [name, fn] of Object.entries(variants[algorithm])) samples[algorithm][name].push(measure(fn));
    }
  }
  process.stdout.write(JSON.stringify(samples));
}

main();
