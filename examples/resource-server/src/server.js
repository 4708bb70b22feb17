import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { accessTokenVerifier } from './access-token.js';
import { discoverTokengate } from './discovery.js';
import { unauthenticated } from './errors.js';
import { introspector } from './introspection.js';
import { notesResolvers, typeDefs } from './notes.js';

/**
 * Starts the notes service: discovers tokengate, then serves GraphQL. The caller is established once per
 * request from `Authorization: Bearer <access token>`, verified offline; a bad token refuses the whole
 * request with 401, as tokengate does; no token leaves the caller unknown (fields that need one refuse).
 *
 * @param {import('./config.js').NotesConfig} config
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startNotesServer(config) {
  const tokengate = await discoverTokengate(config.tokengateUrl, config.issuer);
  const verify = accessTokenVerifier({
    jwksUri: tokengate.jwksUri,
    issuer: tokengate.issuer,
    audience: config.audience,
    algorithm: config.algorithm,
    ...config.jwks,
  });
  const introspect = introspector({
    endpoint: tokengate.introspectionEndpoint,
    clientId: config.introspectionClient.id,
    clientSecret: config.introspectionClient.secret,
  });

  // No stack traces in answers, in any environment (tokengate's rule too).
  const server = new ApolloServer({ typeDefs, resolvers: notesResolvers(), includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, {
    listen: { port: config.port },
    context: async ({ req }) => ({ caller: await callerOf(req.headers.authorization, verify), introspect }),
  });
  return { url, stop: () => server.stop() };
}

/**
 * @param {string | undefined} header
 * @param {(token: string) => Promise<import('./access-token.js').AccessClaims>} verify
 */
async function callerOf(header, verify) {
  if (!header) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw unauthenticated('TOKEN_MALFORMED', 'The Authorization header must be "Bearer <access token>"');
  const token = match[1];
  return { token, claims: await verify(token) };
}
