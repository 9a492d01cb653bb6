import { describe, expect, it } from 'vitest';
import { ModelCache } from './ModelCache';

describe('ModelCache', () => {
  it('evicts the least recently used entries beyond the byte budget', () => {
    const evicted: string[] = [];
    const cache = new ModelCache<number>(100, (key) => evicted.push(key));
    cache.set('a', 1, 40);
    cache.set('b', 2, 40);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3, 40);
    expect(evicted).toEqual(['b']);
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(cache.bytes).toBe(80);
  });

  it('keeps an entry larger than the budget alone rather than refusing it', () => {
    const evicted: string[] = [];
    const cache = new ModelCache<number>(10, (key) => evicted.push(key));
    cache.set('small', 1, 5);
    cache.set('big', 2, 50);
    expect(evicted).toEqual(['small']);
    expect(cache.get('big')).toBe(2);
    expect(cache.bytes).toBe(50);
  });

  it('replaces an entry under the same key without double counting', () => {
    const cache = new ModelCache<number>(100);
    cache.set('a', 1, 60);
    cache.set('a', 2, 30);
    expect(cache.get('a')).toBe(2);
    expect(cache.bytes).toBe(30);
  });
});
