import { afterEach, describe, expect, it, vi } from 'vitest';

/** A window with a location and a history that records replaceState, for the node test environment. */
function browserAt(url: string) {
  const location = new URL(url);
  const replaced: string[] = [];
  vi.stubGlobal('window', {
    location,
    history: {
      state: null,
      replaceState: (_state: unknown, _title: string, path: string) => {
        replaced.push(path);
        const next = new URL(path, location.origin);
        location.pathname = next.pathname;
        location.search = next.search;
      },
    },
  });
  return replaced;
}

describe('takeLinkToken', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('reads the token once and removes the query from the address bar; a second render gets the same token', async () => {
    const replaced = browserAt('http://app.test/verify-email?token=abc_DEF-123');
    const { takeLinkToken } = await import('../src/app/link-token');
    expect(takeLinkToken()).toBe('abc_DEF-123');
    expect(replaced).toEqual(['/verify-email']);
    expect(takeLinkToken()).toBe('abc_DEF-123');
    expect(replaced).toHaveLength(1);
  });

  it('no token: null, and nothing to replace', async () => {
    const replaced = browserAt('http://app.test/reset-password');
    const { takeLinkToken } = await import('../src/app/link-token');
    expect(takeLinkToken()).toBeNull();
    expect(replaced).toEqual([]);
  });

  it('sends a token once, however often it is asked (a link works once)', async () => {
    browserAt('http://app.test/');
    const { oncePerToken } = await import('../src/app/link-token');
    const send = vi.fn(async () => 'ada@example.com');
    const answers = await Promise.all([oncePerToken('t1', send), oncePerToken('t1', send)]);
    expect(answers).toEqual(['ada@example.com', 'ada@example.com']);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
