import { describe, expect, it } from 'vitest';
import { classifyRpcError, decodeRevert } from './classifyRpcError';
import { CONTRACT_INTERFACES } from './contractEvents';

const oracle = CONTRACT_INTERFACES.oracle;
const notPrimary = oracle.encodeErrorResult('OracleNotPrimary', [
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  1_700_000_020n,
]);

describe('classifyRpcError', () => {
  it('decodes a custom error of any protocol contract from revert data', () => {
    expect(decodeRevert(notPrimary)).toEqual({
      name: 'OracleNotPrimary',
      args: ['0x976EA74026E726554dB657fA54763abd0C3a0aa9', '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955', '1700000020'],
      text: 'OracleNotPrimary(0x976EA74026E726554dB657fA54763abd0C3a0aa9, 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955, 1700000020)',
    });
    const saleError = CONTRACT_INTERFACES.sale.encodeErrorResult('IMOSaleNotEnded', [5n]);
    expect(decodeRevert(saleError)?.text).toBe('IMOSaleNotEnded(5)');
    expect(decodeRevert('0xdeadbeef')).toBeUndefined();
  });

  it('finds revert data wherever ethers or the RPC nested it', () => {
    const nested = { code: 'UNKNOWN_ERROR', error: { code: 3, message: 'execution reverted', data: notPrimary } };
    expect(classifyRpcError(nested)).toMatchObject({ kind: 'revert', revert: { name: 'OracleNotPrimary' } });
    const inInfo = { code: 'CALL_EXCEPTION', info: { error: { data: { data: notPrimary } } } };
    expect(classifyRpcError(inInfo).revert?.name).toBe('OracleNotPrimary');
    expect(classifyRpcError({ code: 'CALL_EXCEPTION', message: 'missing revert data' }).kind).toBe('revert');
  });

  it('sorts the other failures into what the node does about them', () => {
    const cases: [unknown, string][] = [
      [{ code: 'NETWORK_ERROR', message: 'network error' }, 'retryable'],
      [{ code: 'TIMEOUT', message: 'timeout' }, 'retryable'],
      [new Error('fetch failed'), 'retryable'],
      [{ message: 'could not coalesce error', error: { message: '429 Too Many Requests' } }, 'retryable'],
      [{ code: 'INSUFFICIENT_FUNDS', message: 'insufficient funds for gas * price + value' }, 'funds'],
      [{ message: 'x', error: { message: "sender doesn't have enough funds to send tx" } }, 'funds'],
      [{ code: 'NONCE_EXPIRED', message: 'nonce has already been used' }, 'nonce'],
      [{ message: 'x', info: { error: { message: 'Nonce too low. Expected nonce to be 6 but got 5.' } } }, 'nonce'],
      [{ code: 'REPLACEMENT_UNDERPRICED', message: 'replacement fee too low' }, 'underpriced'],
      [{ message: 'transaction underpriced' }, 'underpriced'],
      [{ message: 'invalid sender' }, 'fatal'],
    ];
    for (const [error, kind] of cases) expect([error, classifyRpcError(error).kind]).toEqual([error, kind]);
  });
});
