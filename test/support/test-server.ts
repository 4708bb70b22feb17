import { loadConfig, type Config } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { type Logger, silentLogger } from '../../src/lib/logger';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import type { StoreBackend } from './test-stores';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long!!';

export const TEST_ENV = {
  NODE_ENV: 'test',
  PORT: '0',
  STORE: 'memory',
  JWT_SECRET: TEST_SECRET,
  BCRYPT_COST: '4',
  // Argon2id (the default) at its cheapest, as cheap as bcrypt cost 4: suites about other things stay fast.
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
  LOG_LEVEL: 'silent',
  // Every test server comes from one IP: limits high enough that suites about other things are never throttled,
  // while the limiter still runs on every call. test/security/rate-limits.test.ts sets small ones.
  RATE_LIMIT_LOGIN_PER_IP: '100000/1h',
  RATE_LIMIT_LOGIN_PER_EMAIL: '100000/1h',
  RATE_LIMIT_LOGIN_PER_DEVICE: '100000/1h',
  RATE_LIMIT_REGISTER_PER_IP: '100000/1h',
  RATE_LIMIT_REGISTER_PER_EMAIL: '100000/1h',
  RATE_LIMIT_REFRESH_PER_IP: '100000/1h',
  RATE_LIMIT_CHANGE_PASSWORD_PER_USER: '100000/1h',
  RATE_LIMIT_CHANGE_PASSWORD_PER_SESSION: '100000/1h',
  RATE_LIMIT_PASSWORD_RESET_PER_IP: '100000/1h',
  RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: '100000/1h',
  RATE_LIMIT_VERIFICATION_EMAIL_PER_IP: '100000/1h',
  RATE_LIMIT_VERIFICATION_EMAIL_PER_EMAIL: '100000/1h',
  RATE_LIMIT_EMAIL_CHANGE_PER_USER: '100000/1h',
  // No mail unless a test asks for it (test/mail/ points SMTP_URL at an in-process server): registrations would
  // otherwise fill <DATA_DIR>/outbox with verification mails.
  MAIL_TRANSPORT: 'disabled',
} as const;

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: string[]; extensions: Record<string, any> }> };
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  config: Config;
  clock: ManualClock;
  stores: Stores;
  server: RunningServer;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** A real tokengate over HTTP on a free port, with a clock the test moves. */
export async function startTestServer(
  options: { env?: Record<string, string>; backend?: StoreBackend; label?: string; logger?: Logger } = {},
): Promise<TestServer> {
  const config = loadConfig({ ...TEST_ENV, ...options.env });
  const clock = new ManualClock();
  const stores = options.backend
    ? await options.backend.open(clock, options.label ?? 'api')
    : createMemoryStores(clock);
  const server = await startHttpServer({ config, stores, clock, logger: options.logger ?? silentLogger });
  return {
    url: server.url,
    config,
    clock,
    stores,
    server,
    gql: (query, variables, requestOptions) => postGraphQL(server.url, query, variables, requestOptions),
    stop: async () => {
      await server.stop();
      await stores.close();
    },
  };
}

export async function postGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<T>['body'] };
}
