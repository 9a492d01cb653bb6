import path from 'node:path';
import { parseEther, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AIOracle__factory, type AIOracle } from '../../typechain-types';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { devWallet, startLocalChain, type LocalChain } from './support/localChain';
import { startNode, waitFor, type NodeProcess } from './support/nodeProcess';
import { countFor, oracleCallsFrom } from './support/oracleCalls';
import { drawnPrimary, exclusiveUntil, makeRequest, type MadeRequest } from './support/oracleRequests';

const A = devWallet(6); // the demo operator: 10 ETH staked, opted in to every model
const B = devWallet(8); // a second operator: 1 ETH staked, opted in to digits
const DIGITS = 1;
const INPUT = goldenDigitsInputs()[2]!;

interface RequestView {
  status: string;
  operator: string | null;
  postings: { operator: string; at: number }[];
}

describe('oracle nodes of two operators, restarts and a reorg', () => {
  let chain: LocalChain;
  let oracle: AIOracle;
  let nodeA: NodeProcess | undefined;
  let nodeB: NodeProcess | undefined;
  const dataA = () => path.join(chain.dir, 'node-a');

  const startA = async () =>
    (nodeA = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: dataA(),
      key: A.privateKey,
    }));
  const request = (input = INPUT) =>
    makeRequest(chain.signer(3) as unknown as Wallet, chain.deployment.contracts.AIOracle, DIGITS, input);
  const view = async (node: NodeProcess, id: number) => (await node.get<RequestView>(`/requests/${id}`)).body;
  const waitStatus = (node: NodeProcess, id: number, status: string) =>
    waitFor(`request ${id} to be ${status}`, async () => {
      const { status: code, body } = await node.get<RequestView>(`/requests/${id}`);
      return code === 200 && body.status === status ? body : undefined;
    });
  const jobState = async (node: NodeProcess, id: number) =>
    (await node.get<{ job: { state: string } | null }>(`/requests/${id}`)).body.job?.state;

  beforeAll(async () => {
    chain = await startLocalChain();
    oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
    const b = oracle.connect(chain.signer(8) as unknown as Wallet);
    await (await b.stake({ value: parseEther('1') })).wait();
    await (await b.optIn(DIGITS)).wait();
    // a block a second keeps chain time close to wall time: the 20 s exclusive window stays 20 s
    // even on a loaded machine
    await chain.setIntervalMining(1000);
    await startA();
    nodeB = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node-b'),
      key: B.privateKey,
    });
  }, 240_000);

  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await chain?.stop();
  }, 60_000);

  it('the drawn primary answers inside its exclusive window', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await request(goldenDigitsInputs()[i]!);
      const primary = await waitFor('the draw', () => drawnPrimary(chain.provider, oracle, r));
      const posted = await waitStatus(nodeA!, r.requestId, 'submitted');
      expect(posted.operator).toBe(primary);
      expect(posted.postings).toHaveLength(1);
      expect(posted.postings[0]!.at).toBeLessThan(exclusiveUntil(r));
      const other = posted.operator === A.address ? nodeB! : nodeA!;
      expect(
        await waitFor('the other node to see it', async () => {
          const state = await jobState(other, r.requestId);
          return state === 'answered_by_other' ? state : undefined;
        }),
      ).toBe('answered_by_other');
    }
  }, 180_000);

  it('with the primary stopped, the other operator answers after the exclusive window', async () => {
    await nodeA!.stop();
    let r: MadeRequest | undefined;
    for (let i = 0; i < 12 && !r; i++) {
      const made = await request(goldenDigitsInputs()[i % 5]!);
      const primary = await waitFor('the draw', () => drawnPrimary(chain.provider, oracle, made));
      if (primary === A.address) r = made;
      else await waitStatus(nodeB!, made.requestId, 'submitted');
    }
    expect(r, 'A is drawn with probability 10/11 per request').toBeDefined();
    await chain.advance(21); // the 20 s exclusive window passes
    const posted = await waitStatus(nodeB!, r!.requestId, 'submitted');
    expect(posted.operator).toBe(B.address);
    expect(posted.postings[0]!.at).toBeGreaterThanOrEqual(exclusiveUntil(r!));
    await startA();
    await nodeB!.stop();
    nodeB = undefined;
  }, 180_000);

  it('a node killed between request and answer answers once after restarting', async () => {
    await chain.setIntervalMining(0); // no blocks: the draw cannot be ready, so nothing can be answered yet
    const r = await request();
    await waitFor('the node to compute it', async () =>
      (await jobState(nodeA!, r.requestId)) === 'computed' ? true : undefined,
    );
    await nodeA!.kill();
    await chain.setIntervalMining(1000);
    await chain.advance(21); // whoever was drawn, A may answer now
    await startA();
    await waitStatus(nodeA!, r.requestId, 'submitted');
    await chain.advance(31);
    await waitStatus(nodeA!, r.requestId, 'finalized');
    const calls = await oracleCallsFrom(chain.provider, oracle.target as string, A.address, r.block);
    expect(countFor(calls, r.requestId)).toEqual({ submits: 1, finalizes: 1, failed: 0 });
  }, 180_000);

  it('a node killed between submit and finalize finalizes once after restarting', async () => {
    const r = await request(goldenDigitsInputs()[4]!);
    await chain.advance(21);
    await waitStatus(nodeA!, r.requestId, 'submitted');
    await nodeA!.kill();
    await chain.advance(31);
    await startA();
    await waitStatus(nodeA!, r.requestId, 'finalized');
    const calls = await oracleCallsFrom(chain.provider, oracle.target as string, A.address, r.block);
    expect(countFor(calls, r.requestId)).toEqual({ submits: 1, finalizes: 1, failed: 0 });
  }, 180_000);

  it('a reorg that removes an indexed request rolls its job back; when it reappears it is answered once', async () => {
    const metric = async (pattern: RegExp) =>
      Number(
        pattern.exec(await (await fetch(`${nodeA!.url}/metrics`, { signal: AbortSignal.timeout(5000) })).text())?.[1] ??
          0,
      );
    const submitsSent = () => metric(/imo_oracle_transactions_sent_total\{purpose="submit"\} (\d+)/);
    const rolledBack = () => metric(/imo_oracle_jobs\{state="rolled_back"\} (\d+)/);
    await chain.setIntervalMining(0);
    const snapshot = (await chain.provider.send('evm_snapshot', [])) as string;
    const sentBefore = await submitsSent();
    const nonceBefore = await chain.provider.getTransactionCount(A.address);
    const r = await request();
    await waitFor('the node to index it', async () => ((await jobState(nodeA!, r.requestId)) ? true : undefined));

    await chain.provider.send('evm_revert', [snapshot]);

    chain.signer(3).reset();
    await waitFor('the job to be rolled back', async () => ((await rolledBack()) === 1 ? true : undefined));
    expect((await nodeA!.get(`/requests/${r.requestId}`)).status).toBe(404);
    await chain.setIntervalMining(1000);
    await chain.mine(4);
    await new Promise((res) => setTimeout(res, 3000)); // several node ticks with blocks coming
    expect(await submitsSent()).toBe(sentBefore);
    expect(await chain.provider.getTransactionCount(A.address)).toBe(nonceBefore);

    // The same request is made again: it takes the same id, and is answered exactly once.
    const again = await request();
    expect(again.requestId).toBe(r.requestId);
    await chain.advance(21);
    await waitStatus(nodeA!, again.requestId, 'submitted');
    expect(await submitsSent()).toBe(sentBefore + 1);
    const calls = await oracleCallsFrom(chain.provider, oracle.target as string, A.address, again.block);
    expect(countFor(calls, again.requestId)).toMatchObject({ submits: 1, failed: 0 });
    expect((await view(nodeA!, again.requestId)).postings).toHaveLength(1);
  }, 180_000);
});
