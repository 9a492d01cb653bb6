import { Trace, type Tensor } from '../../src/runtime';
import { seededRandom } from '../../src/runtime/testing/randomGraph';
import { tamperedTrace } from '../../src/node/testing/tamperedTrace';
import { dirtyPaddingTrace, rowPadding } from '../../src/node/testing/dirtyPaddingTrace';
import type { TraceContext, TraceTransform } from '../../src/service/dispute/TraceStore';

/**
 * Where a dishonest operator lies: an intermediate tensor, the output, only the state root, or a
 * padding byte (a non-zero byte past a row's elements inside its chunks, committed in one tensor's
 * root while every element stays true).
 */
export type LieKind = 'intermediate' | 'output' | 'stateRoot' | 'padding';
export const LIE_KINDS: readonly LieKind[] = ['intermediate', 'output', 'stateRoot', 'padding'];

/** One lie: its kind, the slot, and the element (or, for `padding`, the byte of the padded row) it changes. */
export interface Lie {
  kind: LieKind;
  slot: number;
  /** The element's index in the slot's data; for `padding`, the row. */
  index: number;
  /** For `padding`: the byte's offset in the padded row. */
  byte?: number;
}

/**
 * The lie a dishonest build with `seed` tells about a request (drawn from a seeded generator), of
 * kind `force` when given. A padding lie picks among the op outputs whose rows end in padding; a
 * model with none gets an intermediate lie instead.
 */
export function lieFor(
  seed: number,
  trace: Trace,
  context: Pick<TraceContext, 'requestId' | 'attempt'>,
  force?: LieKind,
): Lie {
  const random = seededRandom(seed * 7919 + context.requestId * 131 + context.attempt);
  let kind = LIE_KINDS[Math.floor(random() * LIE_KINDS.length)]!;
  if (force) kind = force;
  const n = trace.opCount;
  if (kind === 'padding') {
    const padded = trace.slots
      .map((t, slot) => ({ slot, ...rowPadding(t) }))
      .filter((p) => p.slot > 0 && p.end > p.first);
    if (padded.length > 0) {
      const p = padded[Math.floor(random() * padded.length)]!;
      const row = Math.floor(random() * trace.slots[p.slot]!.rows);
      const byte = p.first + Math.floor(random() * (p.end - p.first));
      return { kind, slot: p.slot, index: row, byte };
    }
    kind = 'intermediate';
  }
  const slot = kind === 'output' ? n : 1 + Math.floor(random() * (n - 1));
  const index = Math.floor(random() * trace.slots[slot]!.data.length);
  return { kind, slot, index };
}

/**
 * A dishonest build's trace transform: one element of one op changed at a seeded random position;
 * for `stateRoot` the later ops are not recomputed, so the output stays true and only `S_n` lies;
 * for `padding` only a padding byte of one tensor's commitment is non-zero. `force` fixes the kind.
 */
export function dishonestTransform(seed: number, force?: LieKind): TraceTransform {
  return async (trace, context) => {
    const { kind, slot, index, byte } = lieFor(seed, trace, context, force);
    if (kind === 'padding') return dirtyPaddingTrace(trace, { slot, row: index, byte: byte! });
    if (kind !== 'stateRoot') return tamperedTrace(trace, slot, index);
    const slots: Tensor[] = trace.slots.map((t, i) => (i === slot ? { ...t, data: t.data.slice() } : t));
    const t = slots[slot]!;
    t.data[index] = t.dtype === 'int8' ? (t.data[index] === 127 ? 126 : t.data[index]! + 1) : t.data[index]! ^ 1;
    return new Trace(trace.pkg, slots);
  };
}
