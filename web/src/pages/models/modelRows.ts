import type { ModelInfo, ModelUsage, SaleState } from '../../data/types';

/** One line of the models table. */
export interface ModelRow {
  id: number;
  name: string;
  symbol: string;
  copyOf?: number;
  frozen: boolean;
  fee: bigint;
  saleState?: SaleState;
  /** Committed ÷ hard cap, in percent. */
  saleProgress?: number;
  /** Wei per whole token while a sale is pending or running. */
  price?: bigint;
  /** Undefined while the history is read. */
  requests?: number;
  holderRevenue?: bigint;
}

export type SortKey = 'id' | 'name' | 'fee' | 'sale' | 'price' | 'requests' | 'revenue';
export type SortDirection = 'ascending' | 'descending';

const SALE_ORDER: Record<SaleState, number> = { active: 0, pending: 1, succeeded: 2, failed: 3 };

/**
 * The table's rows from the models and their usage.
 *
 * @example
 * toModelRows(models, usage)[0].requests; // 3
 */
export function toModelRows(models: readonly ModelInfo[], usage: Map<number, ModelUsage> | undefined): ModelRow[] {
  return models.map((m) => {
    const sale = m.sale;
    const selling = sale && (sale.state === 'active' || sale.state === 'pending');
    return {
      id: m.id,
      name: m.token.name,
      symbol: m.token.symbol,
      copyOf: m.copyOf,
      frozen: m.frozen,
      fee: m.fee,
      saleState: sale?.state,
      saleProgress: sale ? Number((sale.totalCommitted * 10_000n) / (sale.terms.hardCap || 1n)) / 100 : undefined,
      price: selling ? sale.terms.price : undefined,
      requests: usage?.get(m.id)?.requests,
      holderRevenue: usage?.get(m.id)?.holderRevenue,
    };
  });
}

function cmp(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compare(a: ModelRow, b: ModelRow, key: SortKey): number {
  const num = (x: bigint | number | undefined) => (x === undefined ? -1 : Number(x));
  switch (key) {
    case 'id':
      return a.id - b.id;
    case 'name':
      return a.name.localeCompare(b.name);
    case 'fee':
      return cmp(a.fee, b.fee);
    case 'sale':
      return (SALE_ORDER[a.saleState ?? 'failed'] ?? 9) - (SALE_ORDER[b.saleState ?? 'failed'] ?? 9);
    case 'price':
      return num(a.price) - num(b.price);
    case 'requests':
      return num(a.requests) - num(b.requests);
    case 'revenue':
      return cmp(a.holderRevenue ?? -1n, b.holderRevenue ?? -1n);
  }
}

/**
 * Rows sorted by a column (ties keep id order).
 *
 * @example
 * sortModelRows(rows, 'revenue', 'descending')[0].id; // the model that earned most
 */
export function sortModelRows(rows: readonly ModelRow[], key: SortKey, direction: SortDirection): ModelRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b, key) || a.id - b.id);
}
