import { describe, expect, it } from 'vitest';
import { findCopies } from '../../data/copies';
import { sortModelRows, type ModelRow } from './modelRows';

const row = (id: number, name: string, requests: number, revenue: bigint, fee = 1n): ModelRow => ({
  id,
  name,
  symbol: name.toUpperCase(),
  frozen: false,
  fee,
  requests,
  holderRevenue: revenue,
});

describe('sortModelRows', () => {
  const rows = [row(1, 'digits', 5, 300n), row(2, 'alpha', 9, 100n), row(3, 'zeta', 5, 900n, 3n)];
  it('sorts by any column, both ways, ties in id order', () => {
    expect(sortModelRows(rows, 'revenue', 'descending').map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortModelRows(rows, 'name', 'ascending').map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortModelRows(rows, 'requests', 'descending').map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortModelRows(rows, 'fee', 'ascending').map((r) => r.id)).toEqual([1, 2, 3]);
  });
});

describe('findCopies', () => {
  it('marks later registrations of the same weights and graph as copies of the first', () => {
    const g = `0x${'aa'.repeat(32)}` as const;
    const p = `0x${'bb'.repeat(32)}` as const;
    const other = `0x${'cc'.repeat(32)}` as const;
    const copies = findCopies([
      { id: 4, graphRoot: g, paramsRoot: p },
      { id: 1, graphRoot: g, paramsRoot: p },
      { id: 2, graphRoot: g, paramsRoot: other },
      { id: 6, graphRoot: g.toUpperCase().replace('0X', '0x') as `0x${string}`, paramsRoot: p },
    ]);
    expect([...copies.entries()]).toEqual([
      [4, 1],
      [6, 1],
    ]);
  });
});
