import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keccak, toHex } from './commitments/keccak';
import { verifyPath } from './commitments/merkle';
import { computeTensorRoot } from './commitments/tensorRoot';
import { RuntimeError } from './errors';
import { referenceBackend } from './referenceBackend';
import { assertFitsDtype, tensorToBytes } from './tensor';
import { randomPackage, randomTensor, seededRandom } from './testing/randomGraph';
import { runModel } from './trace';

describe('runModel on random graphs', () => {
  it('every op of every random graph runs, fits its dtype, and every path verifies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const pkg = randomPackage({ seed });
        const random = seededRandom(seed ^ 0x5eed);
        const input = tensorToBytes(randomTensor(random, pkg.manifest.io.input));
        const trace = await runModel(pkg, input, referenceBackend);
        expect(trace.slots).toHaveLength(pkg.graph.length + 1);
        trace.slots.forEach((s, i) => {
          expect([s.rows, s.cols, s.dtype]).toEqual([pkg.slots[i]!.rows, pkg.slots[i]!.cols, pkg.slots[i]!.dtype]);
          assertFitsDtype(s, `slot ${i}`);
        });
        const n = trace.opCount;
        const D = pkg.stateDepth;
        // Every slot's root is in S_n at its index; S_k has exactly slots 0…k set.
        for (let k = 0; k <= n; k++) {
          const root = trace.stateRoot(k);
          for (let slot = 0; slot <= n; slot++) {
            const value = slot <= k ? trace.tensorRoot(slot) : new Uint8Array(32);
            expect(verifyPath(root, value, trace.slotPath(k, slot), D)).toBe(true);
            const wrong = slot <= k ? new Uint8Array(32) : trace.tensorRoot(slot);
            if (toHex(wrong) !== toHex(value)) expect(verifyPath(root, wrong, trace.slotPath(k, slot), D)).toBe(false);
          }
        }
        // Every chunk of the output verifies against T_n, and the output bytes are T_n's elements.
        const out = trace.commitment(n);
        for (let r = 0; r < out.tensor.rows; r++) {
          for (let c = 0; c < out.chunksPerRow; c++)
            expect(verifyPath(out.root, keccak(out.chunk(r, c)), out.chunkPath(r, c), out.depth)).toBe(true);
        }
        expect(toHex(computeTensorRoot(trace.slots[n]!))).toBe(toHex(trace.tensorRoot(n)));
        // Params and descriptors verify against paramsRoot and graphRoot.
        pkg.params.forEach((p, i) =>
          expect(
            verifyPath(pkg.paramsTree.root, computeTensorRoot(p), pkg.paramsTree.path(i), pkg.paramsTree.depth),
          ).toBe(true),
        );
      }),
      { numRuns: Number(process.env.RUNTIME_RUNS ?? 150) },
    );
  });

  it('is deterministic: the same input gives the same S_n', async () => {
    const pkg = randomPackage({ seed: 42, ops: 10 });
    const input = tensorToBytes(randomTensor(seededRandom(1), pkg.manifest.io.input));
    const a = await runModel(pkg, input);
    const b = await runModel(pkg, input);
    expect(toHex(a.finalStateRoot)).toBe(toHex(b.finalStateRoot));
  });
});

describe('request input rule', () => {
  it('zero-pads short input and rejects input longer than the input tensor', async () => {
    const pkg = randomPackage({ seed: 7 });
    const size = pkg.manifest.io.input.rows * pkg.manifest.io.input.cols;
    const short = await runModel(pkg, new Uint8Array(0));
    expect([...short.slots[0]!.data]).toEqual(new Array(size).fill(0));
    await expect(runModel(pkg, new Uint8Array(size + 1))).rejects.toThrow(RuntimeError);
    await expect(runModel(pkg, new Uint8Array(size + 1))).rejects.toThrow(`input is ${size + 1} bytes`);
  });
});
