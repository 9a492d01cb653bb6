import { Transaction, Wallet, hexlify, keccak256, randomBytes } from 'ethers';
import { describe, expect, it } from 'vitest';
import { useWasmKeccak } from './wasmKeccak';

describe('useWasmKeccak', () => {
  it('leaves every hash and signature ethers makes unchanged', async () => {
    const inputs = [new Uint8Array(0), randomBytes(1), randomBytes(135), randomBytes(136), randomBytes(24_000)];
    const wallet = Wallet.createRandom();
    const tx = Transaction.from({
      chainId: 31337,
      nonce: 7,
      to: wallet.address,
      data: hexlify(randomBytes(24_000)),
      gasLimit: 1e6,
      maxFeePerGas: 2e9,
      maxPriorityFeePerGas: 1e9,
    });
    const before = { hashes: inputs.map((d) => keccak256(d)), signed: await wallet.signTransaction(tx) };

    useWasmKeccak();
    useWasmKeccak();

    expect(inputs.map((d) => keccak256(d))).toEqual(before.hashes);
    expect(keccak256(new Uint8Array(0))).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    const signed = await wallet.signTransaction(tx);
    expect(signed).toBe(before.signed);
    expect(Transaction.from(signed).from).toBe(wallet.address);
  });
});
