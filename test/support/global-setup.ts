import { startEmbeddedMongo } from '../../src/stores/mongo/embedded-mongo';
import path from 'node:path';
import { ROOT, TEST_BUILD_DIR_VAR } from './built-app';
import { MONGO_SKIP_VAR, MONGO_URI_VAR } from './mongo-availability';

const START_TIMEOUT_MS = 60_000;

export default async function globalSetup(): Promise<void> {
  // Built on first use (test/support/built-app.ts), shared by every file of this run, removed in teardown.
  process.env[TEST_BUILD_DIR_VAR] = path.join(ROOT, `.test-build-${process.pid}`);
  if (process.env.MONGODB_TEST_URI) {
    process.env[MONGO_URI_VAR] = process.env.MONGODB_TEST_URI;
    console.log('\nMongoDB tests: using MONGODB_TEST_URI');
    return;
  }
  try {
    const mongo = await withTimeout(startEmbeddedMongo(), START_TIMEOUT_MS);
    (globalThis as { __embeddedMongo?: { stop(): Promise<void> } }).__embeddedMongo = mongo;
    process.env[MONGO_URI_VAR] = mongo.uri;
    console.log('\nMongoDB tests: using mongodb-memory-server');
  } catch (error) {
    const reason = `no MongoDB: set MONGODB_TEST_URI or MONGOMS_SYSTEM_BINARY (${firstLine(error)})`;
    process.env[MONGO_SKIP_VAR] = reason;
    console.log(`\nMongoDB tests SKIPPED: ${reason}`);
  }
}

const firstLine = (error: unknown): string =>
  String(error instanceof Error ? error.message : error).split('\n')[0].replace(/,?\s*Details:$/, '');

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`mongod did not start within ${ms} ms`)), ms).unref()),
  ]);
}
