import { encodeErrorResult, parseEther, UserRejectedRequestError, type Hex, type TransactionReceipt } from 'viem';
import { describe, expect, it } from 'vitest';
import { imoSaleAbi } from '../contracts/generated';
import { runTransaction, type TransactionState } from './runTransaction';

const HASH: Hex = `0x${'ab'.repeat(32)}`;
const receipt = (status: 'success' | 'reverted') => ({ status, transactionHash: HASH }) as TransactionReceipt;

/** Runs the flow with the given phases (the wallet and the node are outside things here) and records the states. */
async function statesOf(phases: Parameters<typeof runTransaction>[0]) {
  const seen: TransactionState['status'][] = [];
  const final = await runTransaction(phases, (s) => seen.push(s.status));
  return { seen, final };
}

describe('runTransaction', () => {
  it('goes simulating → awaiting signature → pending (with the hash) → confirmed', async () => {
    const { seen, final } = await statesOf({
      simulate: async () => 'request',
      sign: async () => HASH,
      wait: async () => receipt('success'),
    });
    expect(seen).toEqual(['simulating', 'awaiting-signature', 'pending', 'confirmed']);
    expect(final).toMatchObject({ status: 'confirmed', hash: HASH });
  });

  it('stops at a revert in the simulation, decoded, without asking the wallet', async () => {
    let asked = false;
    const data = encodeErrorResult({ abi: imoSaleAbi, errorName: 'IMOSaleNotEnded', args: [1767225600n] });
    const { seen, final } = await statesOf({
      simulate: async () => {
        throw Object.assign(new Error('execution reverted'), { data });
      },
      sign: async () => ((asked = true), HASH),
      wait: async () => receipt('success'),
    });
    expect(asked).toBe(false);
    expect(seen).toEqual(['simulating', 'reverted']);
    expect(final.failure).toMatchObject({
      kind: 'reverted',
      message: 'the sale has not ended: it ends at 2026-01-01 00:00 UTC',
    });
  });

  it('ends quietly in rejected when the user declines in the wallet', async () => {
    const { seen, final } = await statesOf({
      simulate: async () => 'request',
      sign: async () => {
        throw new UserRejectedRequestError(new Error('User denied transaction signature.'));
      },
      wait: async () => receipt('success'),
    });
    expect(seen).toEqual(['simulating', 'awaiting-signature', 'rejected']);
    expect(final.failure).toBeUndefined();
  });

  it('reports a transaction mined as reverted', async () => {
    const { final } = await statesOf({
      simulate: async () => 'request',
      sign: async () => HASH,
      wait: async () => receipt('reverted'),
    });
    expect(final.status).toBe('reverted');
    expect(final.failure?.message).toMatch(/reverted on chain/);
  });

  it('keeps the hash when waiting for the receipt fails', async () => {
    const { final } = await statesOf({
      simulate: async () => 'request',
      sign: async () => HASH,
      wait: async () => {
        throw new Error('fetch failed');
      },
    });
    expect(final).toMatchObject({ status: 'failed', hash: HASH, failure: { kind: 'failed', message: 'fetch failed' } });
  });
});

describe('amounts in decoded reverts', () => {
  it('are shown with their unit', async () => {
    const data = encodeErrorResult({
      abi: imoSaleAbi,
      errorName: 'IMOSalePayoutFailed',
      args: ['0x90F79bf6EB2c4f870365E785982E1f101E93b906', parseEther('1.25')],
    });
    const { final } = await statesOf({
      simulate: async () => {
        throw Object.assign(new Error('reverted'), { data });
      },
      sign: async () => HASH,
      wait: async () => receipt('success'),
    });
    expect(final.failure?.message).toBe('sending 1.25 ETH to 0x90F7…b906 failed');
  });
});
