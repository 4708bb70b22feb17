import { BASIC_CHALLENGE, parseBasicCredentials } from '../../src/oauth/basic-credentials';

const basic = (userPass: string) => `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;

describe('parseBasicCredentials (RFC 7617, with RFC 6749 §2.3.1 form-urlencoding)', () => {
  test.each([
    ['plain id and secret', basic('resource-api:s3cret'), { id: 'resource-api', secret: 's3cret' }],
    ['the scheme in any case, several spaces', `bAsIc   ${Buffer.from('a:b').toString('base64')}`, { id: 'a', secret: 'b' }],
    ['a colon in the secret, raw (split at the first colon)', basic('a:b:c'), { id: 'a', secret: 'b:c' }],
    ['a colon in the id, percent-encoded', basic('urn%3Asvc:x'), { id: 'urn:svc', secret: 'x' }],
    ['"+" is a space and %2B a plus', basic('my+client:a%2Bb+c'), { id: 'my client', secret: 'a+b c' }],
    ['non-ASCII, UTF-8 percent-encoded', basic('caf%C3%A9:%E2%82%AC'), { id: 'café', secret: '€' }],
    ['an empty secret (refused later by the client check)', basic('a:'), { id: 'a', secret: '' }],
  ])('reads %s', (_, header, credentials) => {
    expect(parseBasicCredentials(header)).toEqual(credentials);
  });

  test.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Bearer ${Buffer.from('a:b').toString('base64')}`],
    ['no credentials after the scheme', 'Basic '],
    ['base64 without its padding', 'Basic YTpi'.slice(0, -1)],
    ['characters outside base64', 'Basic YT*6Yg=='],
    ['no colon', basic('just-an-id')],
    ['an empty id', basic(':secret')],
    ['broken percent-encoding', basic('a:%E2%82')],
    ['a header longer than 2 KB', basic(`a:${'x'.repeat(2000)}`)],
    ['two credentials', `${basic('a:b')} ${Buffer.from('c:d').toString('base64')}`],
  ])('refuses %s', (_, header) => {
    expect(parseBasicCredentials(header)).toBeUndefined();
  });

  test('the challenge a 401 carries names the Basic scheme', () => {
    expect(BASIC_CHALLENGE).toBe('Basic realm="tokengate", charset="UTF-8"');
  });
});
