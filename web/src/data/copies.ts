import type { Hex } from 'viem';

/** What identifies a model's weights and graph, apart from who registered it. */
export interface Registration {
  id: number;
  graphRoot: Hex;
  paramsRoot: Hex;
}

/**
 * Which models are copies of another model's weights and graph: for each later registration with the
 * same (graphRoot, paramsRoot), the id of the first one. The only place copies are computed; the
 * registry's `originalOf(modelId)` (and the `originalOf` field of `ModelRegistered`) will replace it.
 *
 * @example
 * findCopies([{ id: 1, graphRoot: g, paramsRoot: p }, { id: 4, graphRoot: g, paramsRoot: p }]); // Map { 4 => 1 }
 */
export function findCopies(registrations: readonly Registration[]): Map<number, number> {
  const first = new Map<string, number>();
  const copies = new Map<number, number>();
  for (const r of [...registrations].sort((a, b) => a.id - b.id)) {
    const key = `${r.graphRoot.toLowerCase()}:${r.paramsRoot.toLowerCase()}`;
    const original = first.get(key);
    if (original === undefined) first.set(key, r.id);
    else copies.set(r.id, original);
  }
  return copies;
}
