import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { MODELS_DIR, readModelPackage } from '../src/node/readModelPackage';
import { Trace, chunksPerRow, runModel, toHex } from '../src/runtime';
import { rowPadding } from '../src/node/testing/dirtyPaddingTrace';
import { dishonestTransform, lieFor } from './support/dishonesty';

/** The drills' dishonest build must really lie, where it says, and the same way after a restart. */
describe('the dishonest build of the fault drills', () => {
  const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));

  it('lies at a seeded position of every kind: the state root always differs, the output only when it should', async () => {
    const truth = await runModel(pkg, goldenDigitsInputs()[0]!);
    const seen = new Set<string>();
    for (let requestId = 1; requestId <= 30; requestId++) {
      const context = { requestId, attempt: 0, role: 'proposer' as const };
      const lie = await dishonestTransform(7)(truth, context);
      const again = await dishonestTransform(7)(truth, context);
      const { kind, slot } = lieFor(7, truth, context);
      seen.add(kind);
      expect(toHex(lie.finalStateRoot)).not.toBe(toHex(truth.finalStateRoot));
      expect(toHex(again.finalStateRoot)).toBe(toHex(lie.finalStateRoot)); // deterministic
      if (kind === 'stateRoot' || kind === 'padding') expect(toHex(lie.output)).toBe(toHex(truth.output));
      if (kind === 'output') expect(toHex(lie.output)).not.toBe(toHex(truth.output));
      expect(slot).toBeGreaterThan(0);
      expect(slot).toBeLessThanOrEqual(truth.opCount);
    }
    expect([...seen].sort()).toEqual(['intermediate', 'output', 'padding', 'stateRoot']);
  });

  it('a padding lie commits one non-zero padding byte of a tensor that has padding, and nothing else', async () => {
    const truth = await runModel(pkg, goldenDigitsInputs()[1]!);
    for (let requestId = 1; requestId <= 12; requestId++) {
      const context = { requestId, attempt: 0, role: 'proposer' as const };
      const { slot, index: row, byte } = lieFor(3, truth, context, 'padding');
      const tensor = truth.slots[slot]!;
      const { first, end } = rowPadding(tensor);
      expect(end).toBeGreaterThan(first); // only tensors whose rows end in padding are picked
      expect(byte).toBeGreaterThanOrEqual(first);
      expect(byte).toBeLessThan(end);
      const lie = await dishonestTransform(3, 'padding')(truth, context);
      // the slots (elements) are the true ones; only the committed padding differs
      expect(lie.slots).toBe(truth.slots);
      for (let s = 0; s <= truth.opCount; s++) {
        if (s === slot) expect(toHex(lie.tensorRoot(s))).not.toBe(toHex(truth.tensorRoot(s)));
        else expect(toHex(lie.tensorRoot(s))).toBe(toHex(truth.tensorRoot(s)));
      }
      expect(toHex(lie.stateRoot(slot - 1))).toBe(toHex(truth.stateRoot(slot - 1)));
      expect(toHex(lie.stateRoot(slot))).not.toBe(toHex(truth.stateRoot(slot)));
      // the chunk a proposer reveals holds the byte, and its commitment path leads to the lying root
      const c = lie.commitment(slot);
      const chunk = c.chunk(row, Math.floor(byte! / 32));
      expect(chunk[byte! % 32]).toBe(1);
      expect(c.chunksPerRow).toBe(chunksPerRow(tensor.cols, tensor.dtype));
      expect(toHex(c.root)).toBe(toHex(lie.tensorRoot(slot)));
    }
  });

  it('falls back to an intermediate lie on a model whose tensors have no padding', async () => {
    const truth = await runModel(pkg, goldenDigitsInputs()[0]!);
    // the same trace, every tensor seen as rows of exactly one 32-byte chunk
    const unpadded = new Trace(
      truth.pkg,
      truth.slots.map((t) => ({ ...t, cols: 32, dtype: 'int8' as const })),
    );
    expect(lieFor(3, unpadded, { requestId: 1, attempt: 0 }, 'padding').kind).toBe('intermediate');
  });
});
