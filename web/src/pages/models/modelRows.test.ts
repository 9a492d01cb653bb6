import { describe, expect, it } from 'vitest';
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
