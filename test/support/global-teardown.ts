import { removeTestBuild, TEST_BUILD_DIR_VAR } from './built-app';

export default async function globalTeardown(): Promise<void> {
  removeTestBuild(process.env[TEST_BUILD_DIR_VAR]);
  await (globalThis as { __embeddedMongo?: { stop(): Promise<void> } }).__embeddedMongo?.stop();
}
