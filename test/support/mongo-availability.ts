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

/**
 * A fresh database on the shared server, so test files never see each other's data. Rewritten as text, not
 * with URL: a replica set's "host1:27017,host2:27017" is no URL authority. With credentials, the user is still
 * looked up where the given URI said (its authSource, else its database, else admin), not in the new database.
 */
export function uniqueDatabaseUri(baseUri: string, label: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(baseUri);
  if (!match) throw new Error('MONGODB_TEST_URI is not a mongodb:// or mongodb+srv:// URI');
  const [, scheme, authority, database = '', query = ''] = match;
  const params = query.split('&').filter(Boolean);
  if (authority.includes('@') && !params.some((param) => /^authSource=/i.test(param))) {
    params.push(`authSource=${database || 'admin'}`);
  }
  const name = `tg_${label}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return `${scheme}${authority}/${name}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}
