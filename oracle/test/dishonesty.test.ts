import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { MODELS_DIR, readModelPackage } from '../src/node/readModelPackage';
import { runModel, toHex } from '../src/runtime';
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
      if (kind === 'stateRoot') expect(toHex(lie.output)).toBe(toHex(truth.output));
      if (kind === 'output') expect(toHex(lie.output)).not.toBe(toHex(truth.output));
      expect(slot).toBeGreaterThan(0);
      expect(slot).toBeLessThanOrEqual(truth.opCount);
    }
    expect([...seen].sort()).toEqual(['intermediate', 'output', 'stateRoot']);
  });
});
