import { keccak_256 } from '@noble/hashes/sha3';

/** keccak256 of `data`, as 32 bytes. */
export function keccak(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}

/** keccak256(left ‖ right): an inner node of every tree of the spec. */
export function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64);
  buf.set(left, 0);
  buf.set(right, 32);
  return keccak_256(buf);
}

/** 0x-prefixed lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): `0x${string}` {
  let s = '0x';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s as `0x${string}`;
}

/** Bytes of a 0x-prefixed hex string; throws on malformed hex. */
export function fromHex(hex: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`not 0x-prefixed hex bytes: ${hex.slice(0, 20)}`);
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

export const ZERO32 = new Uint8Array(32);
