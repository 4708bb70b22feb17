import { CENSUS_INTERVAL_MS, StoredHashCensus } from '../../../src/auth/passwords/stored-hash-census';

// Which algorithms a login must pay for: the configured one, plus any other that stored hashes still use.
describe('stored hash census', () => {
  const storeWith = (answers: Array<boolean | Error>) => {
    const calls: Array<readonly string[]> = [];
    return {
      calls,
      hasPasswordHashWithPrefix: async (prefixes: readonly string[]) => {
        calls.push(prefixes);
        const answer = answers.length > 1 ? answers.shift()! : answers[0];
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
  };

  test('asks the store for bcrypt prefixes once, and pays for bcrypt only while some remain', async () => {
    let now = 0;
    const store = storeWith([true, false]);
    const census = new StoredHashCensus(store, 'argon2id', () => now);
    await expect(census.algorithmsInPlay()).resolves.toEqual(new Set(['argon2id', 'bcrypt']));
    expect(store.calls).toEqual([['$2a$', '$2b$', '$2x$', '$2y$']]);
    now += CENSUS_INTERVAL_MS - 1;
    await census.algorithmsInPlay();
    expect(store.calls).toHaveLength(1);
    // Due again: the next answer (none left) arrives in the background, the call itself does not wait.
    now += 1;
    await census.algorithmsInPlay();
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.calls).toHaveLength(2);
    await expect(census.algorithmsInPlay()).resolves.toEqual(new Set(['argon2id']));
  });

  test('a hash of another algorithm met at login counts at once, whatever the last census said', async () => {
    const census = new StoredHashCensus(storeWith([false]), 'argon2id');
    await expect(census.algorithmsInPlay()).resolves.toEqual(new Set(['argon2id']));
    census.saw('bcrypt');
    await expect(census.algorithmsInPlay()).resolves.toEqual(new Set(['argon2id', 'bcrypt']));
  });

  test('a store that cannot answer counts as "still there" (the costlier answer)', async () => {
    const census = new StoredHashCensus(storeWith([new Error('store down')]), 'bcrypt');
    await expect(census.algorithmsInPlay()).resolves.toEqual(new Set(['bcrypt', 'argon2id']));
  });

  test('concurrent first logins share one question to the store', async () => {
    const store = storeWith([false]);
    const census = new StoredHashCensus(store, 'argon2id');
    await Promise.all([census.algorithmsInPlay(), census.algorithmsInPlay(), census.algorithmsInPlay()]);
    expect(store.calls).toHaveLength(1);
  });
});
