/**
 * Strings a suite notes about the machine it measured on (e.g. the WebGPU adapter), merged by
 * `bench/run.ts` into bench/results.meta.json beside the figures.
 */
const notes: Record<string, string> = {};

/** Records `key` = `value` for bench/results.meta.json. */
export function noteMeta(key: string, value: string): void {
  notes[key] = value;
}

/** Everything noted so far. */
export function notedMeta(): Record<string, string> {
  return { ...notes };
}
