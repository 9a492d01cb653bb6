import { concat, encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * Parses a pasted allowlist proof: a JSON list of 32-byte hex strings (OpenZeppelin's Merkle tree
 * `getProof` output), or the same separated by commas, spaces or new lines.
 *
 * @example
 * parseProof('["0xab…", "0xcd…"]'); // ['0xab…', '0xcd…']
 */
export function parseProof(text: string): Hex[] | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let items: unknown;
  try {
    items = trimmed.startsWith('[') ? JSON.parse(trimmed) : trimmed.split(/[\s,]+/);
  } catch {
    return { error: 'the proof is not valid JSON: paste the list your allowlist gave you' };
  }
  if (!Array.isArray(items)) return { error: 'the proof must be a list of 32-byte hex strings' };
  const bad = items.findIndex((x) => typeof x !== 'string' || !BYTES32.test(x));
  if (bad !== -1) return { error: `item ${bad + 1} of the proof is not a 32-byte hex string (0x + 64 hex digits)` };
  return items as Hex[];
}

/**
 * Whether `proof` leads from `account`'s leaf to `root`, as the sale checks it (OpenZeppelin
 * double-hashed leaf `keccak256(keccak256(abi.encode(account)))`, sorted pairs).
 *
 * @example
 * proofLeadsToRoot(account, proof, terms.allowlistRoot); // true when the sale will accept it
 */
export function proofLeadsToRoot(account: Address, proof: readonly Hex[], root: Hex): boolean {
  let node = keccak256(keccak256(encodeAbiParameters([{ type: 'address' }], [account])));
  for (const sibling of proof) {
    node = BigInt(node) < BigInt(sibling) ? keccak256(concat([node, sibling])) : keccak256(concat([sibling, node]));
  }
  return node.toLowerCase() === root.toLowerCase();
}
