import { ConfigError, readConfig } from './config.js';
import { startNotesServer } from './server.js';

/** `npm start`: the notes service, configured from the environment (README). */
try {
  const { url, stop } = await startNotesServer(readConfig(process.env));
  console.log(`notes ready at ${url}`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop().then(() => process.exit(0)));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `notes cannot start: ${error.message}`);
  process.exit(1);
}
