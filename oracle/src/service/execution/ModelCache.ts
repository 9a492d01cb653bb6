/**
 * A least-recently-used cache with a byte budget: entries are evicted, oldest use first, until the
 * sum of their sizes fits. An entry larger than the whole budget is still kept alone (a model must be
 * loaded to run), so the budget bounds everything but the one model in use.
 *
 * @example
 * const cache = new ModelCache<ModelPackage>(512 * 2 ** 20, (hash) => console.log('evicted', hash));
 * cache.set(modelHash, pkg, paramsBytes);
 */
export class ModelCache<T> {
  private readonly entries = new Map<string, { value: T; size: number }>();
  private used = 0;

  constructor(
    readonly budgetBytes: number,
    private readonly onEvict: (key: string, value: T) => void = () => undefined,
  ) {}

  /** The cached value, marked as just used. */
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Caches `value` as `size` bytes, evicting the least recently used entries that no longer fit. */
  set(key: string, value: T, size: number): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.used -= old.size;
    }
    this.entries.set(key, { value, size });
    this.used += size;
    for (const [k, entry] of this.entries) {
      if (this.used <= this.budgetBytes || k === key) break;
      this.entries.delete(k);
      this.used -= entry.size;
      this.onEvict(k, entry.value);
    }
  }

  /** Bytes held. */
  get bytes(): number {
    return this.used;
  }

  /** Keys held, least recently used first. */
  keys(): string[] {
    return [...this.entries.keys()];
  }
}
