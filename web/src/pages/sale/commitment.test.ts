import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { parseEther, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { parseProof, proofLeadsToRoot } from './allowlistProof';
import { checkCommitment, expectedAllotment } from './commitment';

const base = {
  committed: 0n,
  walletCap: parseEther('50'),
  balance: parseEther('100'),
  now: 1_000,
  start: 900,
  end: 2_000,
};

describe('checkCommitment', () => {
  it('accepts an amount within the wallet cap and the balance', () => {
    expect(checkCommitment({ ...base, amountText: '1.5' })).toEqual({ amount: parseEther('1.5') });
  });

  it.each([
    ['', 'enter an amount in ETH'],
    ['abc', 'enter a number, like 1.5'],
    ['0', 'enter an amount above zero'],
    ['1.0000000000000000001', 'enter a number with at most 18 decimals'],
  ])('rejects %j', (amountText, error) => {
    expect(checkCommitment({ ...base, amountText })).toEqual({ error });
  });

  it('counts what was committed already against the wallet cap', () => {
    expect(checkCommitment({ ...base, committed: parseEther('45'), amountText: '6' })).toEqual({
      error: 'at most 5 ETH more: the wallet cap is 50 ETH and you committed 45 ETH',
    });
  });

  it('refuses more than the balance', () => {
    expect(checkCommitment({ ...base, balance: parseEther('2'), amountText: '3' })).toEqual({
      error: 'your balance is 2 ETH, less than 3 ETH (and gas)',
    });
  });

  it('refuses outside the window, by chain time', () => {
    expect(checkCommitment({ ...base, now: 800, amountText: '1' })).toEqual({ error: 'the sale has not opened yet' });
    expect(checkCommitment({ ...base, now: 2_000, amountText: '1' })).toEqual({ error: 'the sale has closed' });
  });
});

describe('expectedAllotment', () => {
  const price = parseEther('0.0001');
  it('gives tokens at the price below the hard cap', () => {
    expect(expectedAllotment(parseEther('5'), parseEther('8'), parseEther('10'), price)).toEqual({
      tokens: parseEther('50000'),
      refund: 0n,
    });
  });
  it('allots pro rata and refunds the excess above it, rounding down like the sale', () => {
    const { tokens, refund } = expectedAllotment(parseEther('6'), parseEther('14'), parseEther('10'), price);
    expect(tokens).toBe((parseEther('6') * parseEther('10') * 10n ** 18n) / (parseEther('14') * price));
    expect(refund).toBe((parseEther('6') * parseEther('4')) / parseEther('14'));
  });
});

describe('allowlist proofs', () => {
  const members = [
    '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
    '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
    '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  ] as const;
  const tree = StandardMerkleTree.of(
    members.map((a) => [a]),
    ['address'],
  );

  it('accepts the proof OpenZeppelin’s tree gives a member, as the sale will', () => {
    for (const member of members) {
      const proof = parseProof(JSON.stringify(tree.getProof([member])));
      expect(Array.isArray(proof)).toBe(true);
      expect(proofLeadsToRoot(member, proof as Hex[], tree.root as Hex)).toBe(true);
    }
  });

  it('refuses a member’s proof for another address', () => {
    const proof = tree.getProof([members[0]]) as Hex[];
    expect(proofLeadsToRoot('0x976EA74026E726554dB657fA54763abd0C3a0aa9', proof, tree.root as Hex)).toBe(false);
  });

  it('says what is wrong with a malformed proof', () => {
    expect(parseProof('[0x12')).toEqual({
      error: 'the proof is not valid JSON: paste the list your allowlist gave you',
    });
    expect(parseProof('["0x12"]')).toEqual({
      error: 'item 1 of the proof is not a 32-byte hex string (0x + 64 hex digits)',
    });
  });
});
