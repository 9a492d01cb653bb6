import { Trace, runOp } from '../../runtime/trace';
import type { Tensor } from '../../runtime/types';

/**
 * A trace whose slot `slot` has element `index` changed (by one, within its dtype), with every
 * later op recomputed from it: what a lying operator would post (for tests and drills).
 *
 * @example
 * const lie = await tamperedTrace(trace, trace.opCount, 0); // a wrong output with a consistent trace
 */
export async function tamperedTrace(trace: Trace, slot: number, index: number): Promise<Trace> {
  const slots: Tensor[] = trace.slots.map((t) => ({ ...t, data: t.data.slice() }));
  const t = slots[slot]!;
  const v = t.data[index]!;
  t.data[index] = t.dtype === 'int8' ? (v === 127 ? 126 : v + 1) : v === 2 ** 31 - 1 ? v - 1 : v + 1;
  for (let i = slot + 1; i < slots.length; i++) slots[i] = await runOp(trace.pkg, trace.pkg.graph[i - 1]!, slots);
  return new Trace(trace.pkg, slots);
}
