'use strict';
// Scenario (6)'s baseline: the Apollo Server 5 on Express 5 a user would write themselves, set up as in the
// README of @as-integrations/express5 (cors, express.json, expressMiddleware, drain plugin), with the same
// `User` type as tokengate's `me` and a context that checks the Bearer token with jsonwebtoken.verify on
// every request (no cache) and reads the user from a Map.
//
// Input: the users, a JSON array of { id, email, name, roles, createdAt } on stdin (the bench reads them
// from tokengate's `me`). Environment: PORT, JWT_SECRET, JWT_ALGORITHM, JWT_ISSUER, JWT_AUDIENCE: the
// same as tokengate's, so that the same access tokens verify on both.
const http = require('node:http');
const { createSecretKey } = require('node:crypto');
const { ApolloServer } = require('@apollo/server');
const { ApolloServerPluginDrainHttpServer } = require('@apollo/server/plugin/drainHttpServer');
const { expressMiddleware } = require('@as-integrations/express5');
const cors = require('cors');
const express = require('express');
const { GraphQLError } = require('graphql');
const { DateTimeISOResolver } = require('graphql-scalars');
const jwt = require('jsonwebtoken');

const typeDefs = `#graphql
  scalar DateTimeISO

  type User {
    id: ID!
    email: String!
    name: String
    roles: [String!]!
    createdAt: DateTimeISO!
  }

  type Query {
    me: User!
  }
`;

const resolvers = {
  DateTimeISO: DateTimeISOResolver,
  Query: {
    me: (_parent, _args, { user }) => {
      if (!user) throw new GraphQLError('Not signed in', { extensions: { code: 'UNAUTHENTICATED' } });
      return user;
    },
  },
};

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function main() {
  const env = process.env;
  const users = new Map(JSON.parse(await readStdin()).map((u) => [u.id, { ...u, createdAt: new Date(u.createdAt) }]));
  // A KeyObject made once: given a string, jsonwebtoken 9 first tries it as a PEM key on every call.
  const key = createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8'));
  const verifyOptions = { algorithms: [env.JWT_ALGORITHM], issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };

  const context = async ({ req }) => {
    const header = req.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) return { user: null };
    try {
      const claims = jwt.verify(header.slice('Bearer '.length), key, verifyOptions);
      return { user: users.get(claims.sub) ?? null };
    } catch {
      return { user: null };
    }
  };

  const app = express();
  const httpServer = http.createServer(app);
  const server = new ApolloServer({
    typeDefs,
    resolvers,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
    // Our own handler below exits normally, so that `node --cpu-prof` writes its profile (Apollo's re-raises the signal).
    stopOnTerminationSignals: false,
  });
  await server.start();
  app.get('/health', (_req, res) => res.json({ status: 'ok' }));
  app.use('/graphql', cors(), express.json(), expressMiddleware(server, { context }));
  await new Promise((resolve) => httpServer.listen(Number(env.PORT), resolve));

  process.on('SIGTERM', async () => {
    await server.stop();
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
