import { LruCache } from '../../src/cache/lru-cache';
import { ManualClock } from '../../src/lib/clock';

describe('LruCache', () => {
  const setup = (max = 3) => {
    const clock = new ManualClock();
    const removed: string[] = [];
    const cache = new LruCache<string, number>(max, clock, (key) => removed.push(key));
    return { clock, cache, removed, later: (seconds: number) => clock.now() + seconds * 1000 };
  };

  test('never holds more than maxEntries: the least recently used leaves first', () => {
    const { cache, removed, later } = setup(3);
    for (const key of ['a', 'b', 'c']) cache.set(key, 1, later(60));
    cache.get('a'); // a is now the most recently used
    cache.set('d', 4, later(60));
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(removed).toEqual(['b']);
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i, later(60));
    expect(cache.size).toBe(3);
  });

  test('an entry is gone from its deadline on, and its removal is reported', () => {
    const { clock, cache, removed, later } = setup();
    cache.set('a', 1, later(10));
    clock.advanceSeconds(9);
    expect(cache.get('a')).toBe(1);
    clock.advanceSeconds(1);
    expect(cache.get('a')).toBeUndefined();
    expect(removed).toEqual(['a']);
  });

  test('an entry already past its deadline is not stored', () => {
    const { clock, cache } = setup();
    cache.set('a', 1, clock.now());
    expect(cache.size).toBe(0);
  });

  test('delete and clear report every removed entry once', () => {
    const { cache, removed, later } = setup();
    cache.set('a', 1, later(60));
    cache.set('b', 2, later(60));
    cache.delete('a');
    cache.delete('a');
    cache.clear();
    expect(removed).toEqual(['a', 'b']);
    expect(cache.size).toBe(0);
  });

  test('re-setting a key replaces its value and deadline', () => {
    const { clock, cache, later } = setup();
    cache.set('a', 1, later(5));
    cache.set('a', 2, later(60));
    clock.advanceSeconds(30);
    expect(cache.get('a')).toBe(2);
    expect(cache.size).toBe(1);
  });

  test.each([0, -1, 1.5])('refuses maxEntries %p', (max) => {
    expect(() => new LruCache(max, new ManualClock())).toThrow(TypeError);
  });
});
