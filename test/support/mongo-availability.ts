/**
 * Whether the MongoDB tests can run, decided once in global-setup.ts and handed to the workers through
 * the environment. MongoDB comes from MONGODB_TEST_URI, or from mongodb-memory-server when a mongod
 * binary can be had (MONGOMS_SYSTEM_BINARY, the download cache, or a download).
 */
export const MONGO_URI_VAR = 'TOKENGATE_TEST_MONGODB_URI';
export const MONGO_SKIP_VAR = 'TOKENGATE_TEST_MONGODB_SKIP_REASON';

export type MongoAvailability = { available: true; uri: string } | { available: false; reason: string };

export function mongoAvailability(): MongoAvailability {
  const uri = process.env[MONGO_URI_VAR];
  if (uri) return { available: true, uri };
  return { available: false, reason: process.env[MONGO_SKIP_VAR] ?? 'MongoDB availability was not checked' };
}

/** A fresh database on the shared server, so test files never see each other's data. */
export function uniqueDatabaseUri(baseUri: string, label: string): string {
  const url = new URL(baseUri);
  url.pathname = `/tg_${label}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return url.toString();
}
