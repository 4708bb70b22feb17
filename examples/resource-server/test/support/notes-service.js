import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from './processes.js';
import { INTROSPECTION_CLIENT } from './tokengate.js';

const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the example as `npm start` does (`node src/main.js`), configured through its environment.
 * @param {{ tokengateUrl: string, env?: Record<string, string> }} options
 * @returns {Promise<{ url: string, pid: number | undefined, stop: () => Promise<void> }>}
 */
export async function startNotesService({ tokengateUrl, env = {} }) {
  const { match, stop, pid } = await startProcess({
    name: 'notes service',
    script: 'src/main.js',
    cwd: EXAMPLE,
    env: {
      TOKENGATE_URL: tokengateUrl,
      PORT: '0',
      INTROSPECTION_CLIENT_ID: INTROSPECTION_CLIENT.id,
      INTROSPECTION_CLIENT_SECRET: INTROSPECTION_CLIENT.secret,
      ...env,
    },
    ready: /notes ready at (\S+)/,
  });
  return { url: match[1], pid, stop };
}
