import { Trace, type Tensor } from '../../src/runtime';
import { seededRandom } from '../../src/runtime/testing/randomGraph';
import { tamperedTrace } from '../../src/node/testing/tamperedTrace';
import type { TraceContext, TraceTransform } from '../../src/service/dispute/TraceStore';

/** Where a dishonest operator lies: an intermediate tensor, the output, or only the state root. */
export type LieKind = 'intermediate' | 'output' | 'stateRoot';
const KINDS: LieKind[] = ['intermediate', 'output', 'stateRoot'];

/** The lie a dishonest build with `seed` tells about a request (drawn from a seeded generator). */
export function lieFor(seed: number, trace: Trace, context: Pick<TraceContext, 'requestId' | 'attempt'>) {
  const random = seededRandom(seed * 7919 + context.requestId * 131 + context.attempt);
  const kind = KINDS[Math.floor(random() * KINDS.length)]!;
  const n = trace.opCount;
  const slot = kind === 'output' ? n : 1 + Math.floor(random() * (n - 1));
  const index = Math.floor(random() * trace.slots[slot]!.data.length);
  return { kind, slot, index };
}

/**
 * A dishonest build's trace transform: one element of one op changed at a seeded random position;
 * for `stateRoot` the later ops are not recomputed, so the output stays true and only `S_n` lies.
 */
export function dishonestTransform(seed: number): TraceTransform {
  return async (trace, context) => {
    const { kind, slot, index } = lieFor(seed, trace, context);
    if (kind !== 'stateRoot') return tamperedTrace(trace, slot, index);
    const slots: Tensor[] = trace.slots.map((t, i) => (i === slot ? { ...t, data: t.data.slice() } : t));
    const t = slots[slot]!;
    t.data[index] = t.dtype === 'int8' ? (t.data[index] === 127 ? 126 : t.data[index]! + 1) : t.data[index]! ^ 1;
    return new Trace(trace.pkg, slots);
  };
}
