import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { LOG_REDACTION } from '../../src/lib/logger';
import { SECRET_INPUT_NAMES } from '../../src/security/secret-fields';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { CHANGE_PASSWORD, LOGIN, REFRESH, REGISTER } from '../support/operations';
import { TEST_ENV } from '../support/test-server';

// graphql-js quotes the value it could not use in its error message: a password sent with the wrong shape came
// back in the response (`Variable "$input" got invalid value { email: "…", password: "…" }`). The attacks below
// send secrets in every shape graphql-js rejects; the secret must appear in neither the response nor the log.
const SECRET = 'Sup3r-secret-passphrase';
const SECRET_NAME = 'Sup3rSecretPassphrase'; // a secret that is also a GraphQL name: an enum literal
const LOGIN_EXPIRES = 'mutation Login($input: LoginInput!) { login(input: $input) { expiresIn } }';

describe('errors never repeat a secret', () => {
  const output: string[] = [];
  const logger = pino({ level: 'trace', redact: LOG_REDACTION }, new Writable({ write: (chunk, _encoding, done) => (output.push(String(chunk)), done()) }));
  const clock = new ManualClock();
  const stores = createMemoryStores(clock);
  let server: RunningServer;
  beforeAll(async () => {
    server = await startHttpServer({ config: loadConfig({ ...TEST_ENV, LOG_LEVEL: 'trace' }), stores, clock, logger });
  });
  afterAll(async () => {
    await server?.stop();
    await stores.close();
  });

  /** Posts a raw body; returns the status and the raw text, so nothing is missed by parsing. */
  const post = async (body: string) => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, text: await response.text() };
  };
  const attack = async (query: string, variables?: Record<string, unknown>) => {
    const { status, text } = await post(JSON.stringify({ query, variables }));
    expect(status).toBe(400);
    for (const secret of [SECRET, SECRET_NAME, '31415926', '27182818']) expect(text).not.toContain(secret);
    return (JSON.parse(text) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors.map((error) => error.message);
  };

  test.each<[string, string, Record<string, unknown>, RegExp]>([
    ['an unknown field beside the password', LOGIN, { input: { email: 'a@example.com', password: SECRET, extra: 1 } },
      /^Variable "\$input" got invalid value \[redacted\]; Field "extra" is not defined by type "LoginInput"\.$/],
    ['a misspelt password field', LOGIN, { input: { email: 'a@example.com', pasword: SECRET } },
      /^Variable "\$input" got invalid value \[redacted\]; Field "password" of required type "String!" was not provided\.$/],
    ['the password where the input object belongs', LOGIN, { input: SECRET },
      /^Variable "\$input" got invalid value \[redacted\]; Expected type "LoginInput" to be an object\.$/],
    ['the password in a list', LOGIN, { input: { email: 'a@example.com', password: [SECRET] } },
      /^Variable "\$input" got invalid value \[redacted\] at "input\.password"; String cannot represent a non string value: \[redacted\]$/],
    ['the password in an object', REGISTER, { input: { email: 'a@example.com', password: { value: SECRET } } },
      /^Variable "\$input" got invalid value \[redacted\] at "input\.password"; String cannot represent a non string value: \[redacted\]$/],
    ['both passwords with a stray field', CHANGE_PASSWORD, { input: { currentPassword: SECRET, newPassword: `${SECRET}!`, overwrite: true } },
      /^Variable "\$input" got invalid value \[redacted\]; Field "overwrite" is not defined by type "ChangePasswordInput"\.$/],
    ['a refresh token in an object', REFRESH, { refreshToken: { token: SECRET } },
      /^Variable "\$refreshToken" got invalid value \[redacted\]; String cannot represent a non string value: \[redacted\]$/],
  ])('variables: %s', async (_name, query, variables, message) => {
    const messages = await attack(query, variables);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages).toContainEqual(expect.stringMatching(message));
  });

  test('a variable that feeds a secret argument or input field is redacted whatever its name, even as a number', async () => {
    const messages = await attack('mutation($r: String) { refresh(refreshToken: $r) { expiresIn } }', { r: 31415926 });
    expect(messages).toEqual(['Variable "$r" got invalid value [redacted]; String cannot represent a non string value: [redacted]']);
    const nested = await attack('mutation($p: String!) { login(input: { email: "a@example.com", password: $p }) { expiresIn } }', { p: 27182818 });
    expect(nested).toEqual(['Variable "$p" got invalid value [redacted]; String cannot represent a non string value: [redacted]']);
  });

  test.each<[string, string, string]>([
    ['an enum-like password literal', `mutation { login(input: { email: "a@example.com", password: ${SECRET_NAME} }) { expiresIn } }`,
      'String cannot represent a non string value: [redacted]'],
    ['a password literal in a list', `mutation { login(input: { email: "a@example.com", password: ["${SECRET}"] }) { expiresIn } }`,
      'String cannot represent a non string value: [redacted]'],
    ['a refresh token literal in an object', `mutation { refresh(refreshToken: { t: "${SECRET}" }) { expiresIn } }`,
      'String cannot represent a non string value: [redacted]'],
    ['a string where the input object belongs', `mutation { login(input: "${SECRET}") { expiresIn } }`,
      'Expected value of type "LoginInput!", found [redacted].'],
    ['a syntax error right after the password', `mutation { login(input: { email: "a@example.com" password: "x" "${SECRET}" }) { expiresIn } }`,
      'Syntax Error: Expected Name, found String.'],
  ])('literals: %s', async (_name, query, message) => {
    expect(await attack(query)).toContain(message);
  });

  test('a body that is not JSON is refused without quoting it', async () => {
    const { status, text } = await post(`{"query":"${LOGIN_EXPIRES}","variables":{"input":{"password":"${SECRET}"}} trailing`);
    expect(status).toBe(400);
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text).errors[0]).toEqual({ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } });
  });

  test('values that are not secret are still quoted, so the client sees its mistake', async () => {
    const { text } = await post(JSON.stringify({ query: REGISTER, variables: { input: { email: 'a@example.com', password: SECRET, name: 42 } } }));
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text).errors[0].message).toBe('Variable "$input" got invalid value 42 at "input.name"; String cannot represent a non string value: 42');
    const literal = await post(JSON.stringify({ query: 'query { users(limit: "ten") { id } }' }));
    expect(JSON.parse(literal.text).errors[0].message).toBe('Int cannot represent non-integer value: "ten"');
  });

  test('nothing of the attacks reached the log', () => {
    const log = output.join('');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(SECRET_NAME);
  });
});

describe('the log redacts every secret input name', () => {
  test.each(SECRET_INPUT_NAMES)('%s, at the top level and inside logged objects; an error keeps its own code', (name) => {
    const output: string[] = [];
    const logger = pino({ level: 'info', redact: LOG_REDACTION }, new Writable({ write: (chunk, _encoding, done) => (output.push(String(chunk)), done()) }));
    logger.info({ [name]: SECRET, input: { [name]: SECRET }, variables: { input: { [name]: SECRET } } }, 'logged input');
    logger.error({ err: Object.assign(new Error('duplicate key'), { code: 11000 }) }, 'store failure');
    const [input, failure] = output.map((line) => JSON.parse(line));
    expect(JSON.stringify(input)).not.toContain(SECRET);
    expect(input.variables.input[name]).toBe('[redacted]');
    expect(failure.err.code).toBe(11000);
  });
});
