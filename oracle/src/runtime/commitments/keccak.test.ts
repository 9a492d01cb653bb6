import { keccak_256 } from '@noble/hashes/sha3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundConstants, rotationOffsets } from '../../../../scripts/runtime/keccakWat';
import { hashChunks, hashPair, keccak, toHex } from './keccak';

/** keccak256 in WebAssembly against @noble/hashes (an independent, audited implementation). */
describe('keccak256 (WebAssembly)', () => {
  it('derives the FIPS 202 round constants and rotation offsets', () => {
    const rc = roundConstants();
    expect(rc[0]).toBe(0x1n);
    expect(rc[1]).toBe(0x8082n);
    expect(rc[23]).toBe(0x8000000080008008n);
    expect(rotationOffsets()).toEqual([
      0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
    ]);
  });

  it('hashes every length around the 136-byte rate and its padding edges', () => {
    const data = Uint8Array.from({ length: 700 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let n = 0; n <= 700; n++) {
      expect(toHex(keccak(data.subarray(0, n))), `length ${n}`).toBe(toHex(keccak_256(data.subarray(0, n))));
    }
    expect(toHex(keccak(new Uint8Array(0)))).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });

  it('agrees with @noble/hashes on random inputs, pairs and chunk batches', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ minLength: 64, maxLength: 64 }), (data, pair) => {
        expect(toHex(keccak(data))).toBe(toHex(keccak_256(data)));
        expect(toHex(hashPair(pair.subarray(0, 32), pair.subarray(32)))).toBe(toHex(keccak_256(pair)));
        const chunks = data.subarray(0, data.length & ~31);
        const hashed = hashChunks(chunks);
        expect(hashed).toHaveLength(chunks.length / 32);
        hashed.forEach((h, i) => expect(toHex(h)).toBe(toHex(keccak_256(chunks.subarray(32 * i, 32 * i + 32)))));
      }),
      { numRuns: 300 },
    );
  });

  it('grows its memory for large inputs (1 MiB)', () => {
    const big = Uint8Array.from({ length: 1 << 20 }, (_, i) => i & 0xff);
    expect(toHex(keccak(big))).toBe(toHex(keccak_256(big)));
  });
});
