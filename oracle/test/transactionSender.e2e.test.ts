import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonRpcProvider, Network, keccak256 } from 'ethers';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TransactionSender, type TxOutcome } from '../src/service/chain/TransactionSender';
import { openDatabase, type OpenDatabaseReturnType } from '../src/service/jobs/openDatabase';
import { ROOT, devWallet, freePort } from './support/localChain';

const log = pino({ level: 'silent' });
const GAS = { gasMargin: 0.2, replaceAfterSec: 1, feeBumpPercent: 20, maxPendingTxs: 4 };

/** A provider whose broadcasts fail as if the process had died right after recording the transaction. */
class CrashingProvider extends JsonRpcProvider {
  override async send(method: string, params: unknown[] | Record<string, unknown>): Promise<unknown> {
    if (method === 'eth_sendRawTransaction') {
      throw Object.assign(new Error('connect ECONNREFUSED (the process died here)'), { code: 'NETWORK_ERROR' });
    }
    return super.send(method, params);
  }
}

/** A provider that counts the calls of each JSON-RPC method. */
class CountingProvider extends JsonRpcProvider {
  readonly calls = new Map<string, number>();
  override async send(method: string, params: unknown[] | Record<string, unknown>): Promise<unknown> {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    return super.send(method, params);
  }
}

describe('TransactionSender against a Hardhat node', () => {
  let hardhat: ChildProcess;
  let rpcUrl: string;
  let provider: JsonRpcProvider;
  let dir: string;
  let store: OpenDatabaseReturnType;
  const wallet = devWallet(12);
  const outcomes: TxOutcome[] = [];
  const sender = (p: JsonRpcProvider = provider, indexedBlock?: () => number) =>
    new TransactionSender({
      db: store.db,
      provider: p,
      wallet: wallet.connect(p),
      chainId: 31337,
      gas: GAS,
      log,
      onOutcome: (o) => outcomes.push(o),
      indexedBlock,
    });
  const transfer = { purpose: 'withdraw' as const, to: wallet.address, data: '0x', value: 1n };

  beforeAll(async () => {
    const port = await freePort();
    rpcUrl = `http://127.0.0.1:${port}`;
    hardhat = spawn(
      process.execPath,
      [require.resolve('hardhat/internal/cli/bootstrap'), 'node', '--port', String(port)],
      {
        cwd: ROOT,
        env: { ...process.env, IMO_NODE_MINING: '' },
        stdio: 'ignore',
      },
    );
    provider = new JsonRpcProvider(rpcUrl, Network.from(31337), { staticNetwork: true, cacheTimeout: -1 });
    for (let i = 0; ; i++) {
      try {
        await provider.getBlockNumber();
        break;
      } catch (error) {
        if (i > 300) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }, 120_000);

  afterAll(() => {
    provider?.destroy();
    hardhat?.kill('SIGKILL');
  }, 60_000);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-sender-'));
    store = openDatabase(dir, {
      chainId: 31337,
      genesisHash: `0x${'1'.repeat(64)}`,
      deploymentKey: `0x${'2'.repeat(64)}`,
      signer: wallet.address,
    });
    outcomes.length = 0;
    await provider.send('evm_setAutomine', [true]);
  });

  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-broadcasts the recorded bytes after a crash between recording and sending: mined once', async () => {
    const nonce = await provider.getTransactionCount(wallet.address);
    const crashing = new CrashingProvider(rpcUrl, Network.from(31337), { staticNetwork: true, cacheTimeout: -1 });
    const txId = await sender(crashing).send(transfer);
    crashing.destroy();
    const recorded = store.db.prepare('SELECT hash, raw FROM tx_attempts WHERE tx_id = ?').get(txId) as {
      hash: string;
      raw: string;
    };
    expect(keccak256(recorded.raw)).toBe(recorded.hash);
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce); // nothing reached the chain

    const restarted = sender(); // a new process on the same database
    await restarted.poll(); // not on chain, nonce free: the same bytes are broadcast
    await restarted.poll(); // and found mined
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce + 1);
    expect(outcomes).toMatchObject([{ txId, result: 'mined', hash: recorded.hash }]);
    await restarted.poll();
    expect(outcomes).toHaveLength(1);
  });

  it('finds a transaction mined while the node was down instead of sending it again', async () => {
    const nonce = await provider.getTransactionCount(wallet.address);
    const txId = await sender().send(transfer);
    const restarted = sender();
    await restarted.poll();
    expect(outcomes).toMatchObject([{ txId, result: 'mined' }]);
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce + 1);
  });

  it('replaces a stuck transaction with a higher fee; only one of them is mined', async () => {
    await provider.send('evm_setAutomine', [false]);
    const nonce = await provider.getTransactionCount(wallet.address);
    const s = sender();
    const txId = await s.send(transfer);
    await new Promise((r) => setTimeout(r, 1100));
    await s.poll(); // older than replaceAfterSec: replaced
    const attempts = store.db
      .prepare('SELECT hash, max_fee_per_gas, max_priority_fee_per_gas FROM tx_attempts WHERE tx_id = ? ORDER BY rowid')
      .all(txId) as { hash: string; max_fee_per_gas: string; max_priority_fee_per_gas: string }[];
    expect(attempts).toHaveLength(2);
    expect(BigInt(attempts[1]!.max_fee_per_gas)).toBeGreaterThanOrEqual(
      (BigInt(attempts[0]!.max_fee_per_gas) * 120n) / 100n,
    );
    expect(BigInt(attempts[1]!.max_priority_fee_per_gas)).toBeGreaterThan(
      BigInt(attempts[0]!.max_priority_fee_per_gas),
    );
    await provider.send('evm_mine', []);
    await s.poll();
    expect(outcomes).toMatchObject([{ txId, result: 'mined', hash: attempts[1]!.hash }]);
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce + 1);
    expect(await provider.getTransactionReceipt(attempts[0]!.hash)).toBeNull();
  });

  it('reports a transaction whose nonce another transaction took as dropped', async () => {
    const crashing = new CrashingProvider(rpcUrl, Network.from(31337), { staticNetwork: true, cacheTimeout: -1 });
    const txId = await sender(crashing).send(transfer);
    crashing.destroy();
    // the same key sends something else with that nonce (another program using the operator key)
    await (await wallet.connect(provider).sendTransaction({ to: wallet.address, value: 2n })).wait();
    await sender().poll();
    expect(outcomes).toMatchObject([{ txId, result: 'dropped' }]);
  });

  it('counts its own nonces while its transactions are in flight', async () => {
    await provider.send('evm_setAutomine', [false]);
    const counting = new CountingProvider(rpcUrl, Network.from(31337), { staticNetwork: true, cacheTimeout: -1 });
    const s = sender(counting);
    const nonce = await provider.getTransactionCount(wallet.address);
    const ids = [await s.send(transfer), await s.send(transfer), await s.send(transfer)];
    // the first read the chain's pending count; the others followed it while in flight
    expect(counting.calls.get('eth_getTransactionCount')).toBe(1);
    await provider.send('evm_mine', []);
    await s.poll(); // every one has a receipt: no nonce read
    counting.destroy();
    expect(counting.calls.get('eth_getTransactionCount')).toBe(1);
    expect(outcomes.map((o) => [o.txId, o.result])).toEqual(ids.map((id) => [id, 'mined']));
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce + 3);
  });

  it('never outbids a transaction another program sent with the same key: it waits, then reads the chain again', async () => {
    await provider.send('evm_setAutomine', [false]);
    const s = sender();
    const nonce = await provider.getTransactionCount(wallet.address);
    const first = await s.send(transfer);
    // the operator's own command, sent with the next nonce while the node's first transaction waits
    const other = await wallet.connect(provider).sendTransaction({
      to: wallet.address,
      value: 3n,
      nonce: nonce + 1,
      maxFeePerGas: 10n ** 11n,
      maxPriorityFeePerGas: 10n ** 9n,
    });
    const second = await s.send(transfer); // the node's count says nonce + 1: the pool holds the other one
    await new Promise((r) => setTimeout(r, 1100)); // past the re-broadcast and replacement delays
    await s.poll();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM tx_attempts WHERE tx_id = ?').get(second)).toEqual({ n: 1 });
    await provider.send('evm_mine', []);
    await s.poll(); // the other transaction took the nonce: the node's second one is dropped
    const third = await s.send(transfer); // the chain's count again
    await provider.send('evm_mine', []);
    await s.poll();
    expect((await provider.getTransactionReceipt(other.hash))?.status).toBe(1);
    expect(outcomes.map((o) => [o.txId, o.result])).toEqual([
      [first, 'mined'],
      [second, 'dropped'],
      [third, 'mined'],
    ]);
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce + 3);
  });

  it('keeps a transaction the RPC refuses for want of funds pending, and sends it once funded', async () => {
    const poor = devWallet(13).connect(provider);
    const balance = await provider.getBalance(poor.address);
    await (await poor.sendTransaction({ to: wallet.address, value: balance - 10n ** 16n })).wait(); // 0.01 ETH left
    const s = new TransactionSender({
      db: store.db,
      provider,
      wallet: poor,
      chainId: 31337,
      gas: GAS,
      log,
      onOutcome: (o) => outcomes.push(o),
    });
    const txId = await s.send({ purpose: 'withdraw', to: poor.address, data: '0x', value: 10n ** 17n });
    await s.poll();
    expect(outcomes).toHaveLength(0);
    expect(s.pending().map((t) => t.id)).toEqual([txId]);
    expect(s.fundsRefusal).toMatch(/funds/i); // /ready's signer check names it
    await (await wallet.connect(provider).sendTransaction({ to: poor.address, value: 10n ** 18n })).wait();
    await new Promise((r) => setTimeout(r, 1100)); // the re-broadcast interval
    await s.poll(); // the same bytes again: not outbid (the pool never had them), so the fee did not grow
    await s.poll();
    expect(outcomes).toMatchObject([{ txId, result: 'mined' }]);
    expect(s.fundsRefusal).toBeUndefined();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM tx_attempts WHERE tx_id = ?').get(txId)).toEqual({ n: 1 });
  });

  it('re-sends a mined transaction a reorg removed before the index read its block (the nonce went back)', async () => {
    const indexed = await provider.getBlockNumber(); // the caller's index stays here
    const s = sender(provider, () => indexed);
    const snapshot = (await provider.send('evm_snapshot', [])) as string;
    const nonce = await provider.getTransactionCount(wallet.address);
    const txId = await s.send(transfer);
    await s.poll();
    expect(outcomes).toMatchObject([{ txId, result: 'mined' }]);
    const { hash } = outcomes[0]!;
    await provider.send('evm_revert', [snapshot]); // the block, the nonce and the pool go back
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce);
    await s.poll(); // the chain no longer counts its nonce: pending again, and the same bytes re-broadcast
    await s.poll();
    expect(outcomes).toMatchObject([
      { txId, result: 'mined', hash },
      { txId, result: 'mined', hash },
    ]);
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce + 1);
    expect((await provider.getTransactionReceipt(hash!))?.status).toBe(1);
    // a later transaction takes the next nonce: no gap, nothing stuck
    const next = await s.send(transfer);
    await s.poll();
    expect(outcomes.at(-1)).toMatchObject({ txId: next, result: 'mined' });
  });

  it('records a transaction that automine mined and reverted as reverted, not as refused', async () => {
    // a contract whose code reverts at once (runtime 0x60006000fd: revert(0, 0))
    const deployed = await (
      await wallet.connect(provider).sendTransaction({ data: '0x6460006000fd6000526005601bf3' })
    ).wait();
    const target = deployed!.contractAddress!;
    // the state changed between the estimate and the broadcast: here, an estimate that does not simulate
    const unsimulated = new (class extends JsonRpcProvider {
      override async estimateGas(): Promise<bigint> {
        return 50_000n;
      }
    })(rpcUrl, Network.from(31337), { staticNetwork: true, cacheTimeout: -1 });
    const nonce = await provider.getTransactionCount(wallet.address);
    const s = sender(unsimulated);
    const txId = await s.send({ purpose: 'withdraw', to: target, data: '0x' });
    await s.poll();
    unsimulated.destroy();
    expect(outcomes).toMatchObject([{ txId, result: 'reverted' }]);
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce + 1); // its nonce is spent
  });
});
