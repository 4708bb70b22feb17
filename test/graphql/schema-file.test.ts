import { readFileSync } from 'node:fs';
import path from 'node:path';
import { schemaSDL } from '../../src/graphql/schema-sdl';

test('schema.graphql is what the resolvers generate (run `npm run schema` after changing them)', async () => {
  const committed = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
  expect(committed).toBe(await schemaSDL());
});

test('the public contract keeps its names and shapes', async () => {
  const sdl = await schemaSDL();
  for (const line of [
    'me: User!',
    'user(id: ID!): User',
    'register(input: RegisterInput!): AuthPayload!',
    'login(input: LoginInput!): AuthPayload!',
    'refresh(refreshToken: String): AuthPayload!',
    'logout(refreshToken: String): Boolean!',
    'logoutAll: Boolean!',
    'changePassword(input: ChangePasswordInput!): AuthPayload!',
    'setUserRoles(userId: ID!, roles: [String!]!): User!',
    'refreshToken: String\n',
    'createdAt: DateTimeISO!',
  ]) {
    expect(sdl).toContain(line);
  }
  expect(sdl).toMatch(/users\(\s+(""".*"""\s+)?limit: Int = 20\s+offset: Int = 0\s+\): \[User!\]!/s);
  expect(sdl).not.toMatch(/password[hH]ash/);
});
