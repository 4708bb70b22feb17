import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess } from './processes.js';

/**
 * A real tokengate: the built server (`dist/index.js` of this repository, `npm run build` at its root), or of
 * the checkout named by TOKENGATE_ROOT, in its own process with ES256 and the in-memory store.
 */
const ROOT = process.env.TOKENGATE_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const ENTRY = join(ROOT, 'dist/index.js');

/**
 * The introspection client the notes service authenticates as (tokengate wants secrets of 32+ characters).
 * The secret holds "+", "/", "%" and ":" so that the form-encoding HTTP Basic needs (RFC 6749 §2.3.1) is exercised.
 */
export const INTROSPECTION_CLIENT = { id: 'notes', secret: `${randomBytes(24).toString('base64url')}+/%:` };

/** A P-256 key pair as tokengate's key variables take them: PKCS#8 private, SPKI public. */
export function es256KeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Starts tokengate on `port` (a fixed one, so that a restart keeps its URL and issuer).
 * @param {{ port?: number, env?: Record<string, string> }} [options]
 * @returns {Promise<{ url: string, graphqlUrl: string, port: number, stop: () => Promise<void> }>}
 */
export async function startTokengate({ port, env = {} } = {}) {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} not found: run \`npm run build\` at the repository root first`);
  const listenPort = port ?? (await freePort());
  const url = `http://127.0.0.1:${listenPort}`;
  const { stop } = await startProcess({
    name: 'tokengate',
    script: ENTRY,
    cwd: ROOT,
    env: {
      NODE_ENV: 'test',
      STORE: 'memory',
      LOG_LEVEL: 'info',
      PORT: String(listenPort),
      PUBLIC_URL: url,
      JWT_ALGORITHM: 'ES256',
      // The internal HMAC key of refresh tokens (never published).
      JWT_SECRET: randomBytes(32).toString('hex'),
      INTROSPECTION_CLIENTS: `${INTROSPECTION_CLIENT.id}:${INTROSPECTION_CLIENT.secret}`,
      BCRYPT_COST: '4',
      PASSWORD_WORKERS: '1',
      RATE_LIMIT_REGISTER_PER_IP: '1000/1h',
      ...env,
    },
    ready: /tokengate ready at /,
  });
  return { url, graphqlUrl: `${url}/graphql`, port: listenPort, stop };
}
