import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  parseEther,
  UserRejectedRequestError,
} from 'viem';
import { describe, expect, it } from 'vitest';
import { describeRevertData, describeTransactionError } from './decodeRevert';
import { imoSaleAbi, launchFactoryAbi, modelRegistryAbi } from './generated';

/** A simulation failure as viem raises it for a call to `abi`'s `functionName` that reverted with `data`. */
function simulationError(abi: typeof launchFactoryAbi, functionName: string, data: `0x${string}`) {
  const cause = new ContractFunctionRevertedError({ abi, data, functionName });
  return new ContractFunctionExecutionError(cause, {
    abi,
    functionName,
    args: [{}],
    contractAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  });
}

describe('describeTransactionError', () => {
  it('says LaunchCapsOutOfOrder(soft 10, hard 5) in plain words with the values', () => {
    const data = encodeErrorResult({
      abi: launchFactoryAbi,
      errorName: 'LaunchCapsOutOfOrder',
      args: [parseEther('10'), parseEther('5'), parseEther('1')],
    });
    const failure = describeTransactionError(simulationError(launchFactoryAbi, 'launch', data));
    expect(failure).toMatchObject({ kind: 'reverted', errorName: 'LaunchCapsOutOfOrder' });
    expect(failure.kind === 'reverted' && failure.message).toBe(
      'the soft cap must not exceed the hard cap (soft cap 10 ETH, hard cap 5 ETH)',
    );
    expect(failure.kind === 'reverted' && failure.detail).toBe(
      'LaunchCapsOutOfOrder(softCap 10000000000000000000, hardCap 5000000000000000000, walletCap 1000000000000000000)',
    );
  });

  it('decodes an error raised by another of our contracts inside the call (the registry under the factory)', () => {
    const data = encodeErrorResult({
      abi: modelRegistryAbi,
      errorName: 'ModelRegistryOperatorShareTooLow',
      args: [500n, 1000n],
    });
    const failure = describeTransactionError(simulationError(launchFactoryAbi, 'launch', data));
    expect(failure.kind === 'reverted' && failure.message).toBe(
      "the operators' share must be at least 10 % (it is 5 %)",
    );
  });

  it('reads revert data that a wallet nests in an RPC error', () => {
    const data = encodeErrorResult({
      abi: imoSaleAbi,
      errorName: 'IMOSaleWalletCapExceeded',
      args: ['0x90F79bf6EB2c4f870365E785982E1f101E93b906', parseEther('60'), parseEther('50')],
    });
    const rpcError = {
      code: -32603,
      message: 'Internal JSON-RPC error.',
      data: { code: 3, message: 'execution reverted', data },
    };
    const failure = describeTransactionError(new Error('request failed', { cause: rpcError }));
    expect(failure.kind === 'reverted' && failure.message).toBe(
      'that would make your commitment 60 ETH, above the wallet cap of 50 ETH',
    );
  });

  it('treats a rejection in the wallet as no error at all', () => {
    expect(describeTransactionError(new UserRejectedRequestError(new Error('User denied')))).toEqual({
      kind: 'rejected',
    });
    expect(describeTransactionError({ code: 4001, message: 'User rejected the request.' })).toEqual({
      kind: 'rejected',
    });
  });

  it('passes any other failure through with its short message', () => {
    expect(describeTransactionError(new Error('fetch failed'))).toEqual({ kind: 'failed', message: 'fetch failed' });
  });

  it('leaves revert data that is none of our errors to the caller', () => {
    expect(describeRevertData('0xdeadbeef')).toBeUndefined();
  });
});
