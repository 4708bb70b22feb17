import crypto from 'node:crypto';
import { IntrospectionClients, readIntrospectionClients } from '../../src/oauth/introspection-clients';

const SECRET_A = 'a'.repeat(24) + '-secret-of-client-a';
const SECRET_B = 'B:b,'.replace(',', '') + 'x'.repeat(40);
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function read(value: string | undefined) {
  const problems: string[] = [];
  const clients = readIntrospectionClients(value === undefined ? {} : { INTROSPECTION_CLIENTS: value }, problems);
  return { clients, problems };
}

describe('INTROSPECTION_CLIENTS', () => {
  test('unset or empty: no clients, so the endpoints do not exist', () => {
    for (const value of [undefined, '', ' , ']) {
      const { clients, problems } = read(value);
      expect(problems).toEqual([]);
      expect(clients.configured).toBe(false);
      expect(clients.authenticateClient(basic('x', SECRET_A))).toBeUndefined();
    }
  });

  test('reads id:secret pairs, comma-separated, spaces around entries ignored; a secret may hold a colon', () => {
    const { clients, problems } = read(` router:${SECRET_A} , hasura.prod:${SECRET_B}`);
    expect(problems).toEqual([]);
    expect(clients.configured).toBe(true);
    expect(clients.ids).toEqual(['router', 'hasura.prod']);
  });

  const prefix = 'INTROSPECTION_CLIENTS must be comma-separated id:secret pairs with secrets of at least 32 characters: ';
  test.each([
    ['an entry without a colon', `just-a-secret-value-of-forty-characters!!`, 'entry 1 is not id:secret'],
    ['an empty id', `:${SECRET_A}`, 'entry 1 has an id that is not 1 to 64 letters, digits, ".", "_" or "-"'],
    ['an id with spaces', `my client:${SECRET_A}`, 'entry 1 has an id that is not 1 to 64 letters, digits, ".", "_" or "-"'],
    ['an id of 65 characters', `${'i'.repeat(65)}:${SECRET_A}`, 'entry 1 has an id that is not 1 to 64 letters, digits, ".", "_" or "-"'],
    ['a short secret', `router:${'s'.repeat(31)}`, 'client "router" has a secret shorter than 32 characters'],
    ['a secret with a space', `router:${'s'.repeat(20)} ${'s'.repeat(20)}`, 'client "router" has a secret that is not up to 512 visible ASCII characters'],
    ['a secret with non-ASCII', `router:${'s'.repeat(40)}é`, 'client "router" has a secret that is not up to 512 visible ASCII characters'],
    ['a duplicate id', `router:${SECRET_A},router:${SECRET_B}`, 'client "router" is listed twice'],
  ])('%s is one line naming the variable', (_, value, fault) => {
    expect(read(value).problems).toEqual([prefix + fault]);
  });

  test('several faults make one line, and no secret appears in it', () => {
    const short = 'shh-short';
    const { problems } = read(`ok:${SECRET_A},bad:${short},${SECRET_A}`);
    expect(problems).toEqual([`${prefix}client "bad" has a secret shorter than 32 characters; entry 3 is not id:secret`]);
    for (const secret of [short, SECRET_A, SECRET_B]) expect(problems[0]).not.toContain(secret);
  });
});

describe('authenticateClient', () => {
  const clients = new IntrospectionClients([
    { id: 'router', secret: SECRET_A },
    { id: 'hasura', secret: SECRET_B },
  ]);

  test('names the client whose id and secret the Basic header carries', () => {
    expect(clients.authenticateClient(basic('router', SECRET_A))).toEqual({ clientId: 'router' });
    // SECRET_B holds a colon: form-urlencoded by the client, decoded here.
    expect(clients.authenticateClient(basic('hasura', SECRET_B))).toEqual({ clientId: 'hasura' });
  });

  test.each([
    ['no header', undefined],
    ['a wrong secret', basic('router', `${SECRET_A}x`)],
    ['a secret one character short', basic('router', SECRET_A.slice(0, -1))],
    ["another client's secret", basic('router', SECRET_B)],
    ['an unknown id', basic('nobody', SECRET_A)],
    ['the id in another case', basic('Router', SECRET_A)],
    ['a Bearer header', `Bearer ${SECRET_A}`],
    ['malformed base64', 'Basic !!!!'],
  ])('refuses %s', (_, header) => {
    expect(clients.authenticateClient(header)).toBeUndefined();
  });

  test('compares every client, always over equal-length digests, whether the id exists or not', () => {
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      for (const header of [basic('router', SECRET_A), basic('router', 'x'), basic('nobody', 'y'.repeat(300))]) {
        compare.mockClear();
        clients.authenticateClient(header);
        // Two comparisons (id, secret) per configured client, none skipped after a match or a miss.
        expect(compare).toHaveBeenCalledTimes(4);
        for (const [a, b] of compare.mock.calls) {
          expect((a as Buffer).length).toBe(32);
          expect((b as Buffer).length).toBe(32);
        }
      }
    } finally {
      compare.mockRestore();
    }
  });

  test('keeps no raw secret in the object', () => {
    expect(JSON.stringify(clients)).not.toContain(SECRET_A);
    expect(Object.values(clients)).toEqual([]);
  });
});
