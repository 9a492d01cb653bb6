import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AbiCoder, keccak256 } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobStore } from '../jobs/JobStore';
import { openDatabase, type OpenDatabaseReturnType } from '../jobs/openDatabase';
import { CONTRACT_INTERFACES, type JsonValue } from './contractEvents';
import { IndexStore, type BlockRef } from './IndexStore';
import { advanceGame, paramsHashOf, type StoredEvent } from './projections';

const ME = '0x976EA74026E726554dB657fA54763abd0C3a0aa9';
const OTHER = '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955';
const REQUESTER = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc';
const DEV = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const TOKEN = '0xAFA5B8e41477d36110C99ccdb099FEa6668081d9';
const ORACLE = '0x0165878A594ca255338adfa4d48449f69242Eb8F';
const ZERO = '0x0000000000000000000000000000000000000000';
const H = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

let logIndex = 0;
function ev(
  contract: StoredEvent['contract'],
  name: string,
  block: number,
  args: Record<string, JsonValue>,
  address = ORACLE,
): StoredEvent {
  return {
    blockNumber: block,
    logIndex: logIndex++,
    blockHash: H(block),
    txHash: H(1000 + logIndex),
    address,
    contract,
    name,
    args,
    timestamp: 1_000_000 + block * 10,
  };
}

function params(fee = '1000', inputHash = H(7)): Record<string, JsonValue> {
  return {
    requester: REQUESTER,
    modelId: '1',
    callbackContract: ZERO,
    gasLimit: '0',
    inputHash,
    callbackDataHash: H(8),
    token: TOKEN,
    fee,
    developer: DEV,
    escrow: '0',
    split: '1',
    outputLength: 4,
    resultBond: '100',
    responseWindow: 20,
    challengeWindow: 30,
    timeout: 300,
  };
}

const registered = (block: number) =>
  ev(
    'registry',
    'ModelRegistered',
    block,
    {
      modelId: '1',
      modelHash: H(99),
      developer: DEV,
      token: TOKEN,
      commitment: {
        graphRoot: H(1),
        paramsRoot: H(2),
        io: { inputRows: 1, inputCols: 64, inputDtype: 0, outputRows: 1, outputCols: 1, outputDtype: 1 },
        opCount: 3,
        stateDepth: 2,
      },
      packageURI: 'oracle/models/digits/manifest.json',
      license: '0x4d49540000000000000000000000000000000000000000000000000000000000',
      fee: '1000',
      split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
    },
    '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  );

const requested = (id: number, block: number, p = params()) =>
  ev('oracle', 'Requested', block, {
    requestId: String(id),
    params: p,
    input: '0x01',
    callbackData: '0x',
    attempt: { index: 0, drawBlock: block, deadline: 1_000_000 + block * 10 + 300 },
  });

const submitted = (id: number, block: number, operator: string, attempt = 0) =>
  ev('oracle', 'ResultSubmitted', block, {
    requestId: String(id),
    resultId: H(500 + id + attempt),
    operator,
    attempt,
    output: '0x00000007',
    stateRoot: H(3),
    challengeDeadline: String(1_000_000 + block * 10 + 30),
  });

const block = (n: number): BlockRef => ({ number: n, hash: H(n), timestamp: 1_000_000 + n * 10 });

describe('IndexStore and JobStore', () => {
  let dir: string;
  let opened: OpenDatabaseReturnType;
  let index: IndexStore;
  let jobs: JobStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-index-'));
    opened = openDatabase(dir, { chainId: 31337, genesisHash: H(1), deploymentKey: H(2), signer: ME });
    index = new IndexStore(opened.db, { clockBudget: 300, inclusionDelay: 15 });
    jobs = new JobStore(opened.db, { operator: ME });
    jobs.attach(index);
    index.applyRange(
      {
        events: [registered(1), ev('oracle', 'OptedIn', 2, { operator: ME, modelId: '1', optedIn: true })],
        blocks: [block(1), block(2)],
        to: block(2),
      },
      256,
    );
  });

  afterEach(() => {
    opened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const apply = (events: StoredEvent[], to: number) =>
    index.applyRange({ events, blocks: events.map((e) => block(e.blockNumber)), to: block(to) }, 256);
  const status = (id: number) =>
    (opened.db.prepare('SELECT status FROM requests WHERE id = ?').get(id) as { status: string } | undefined)?.status;

  it('creates a job for an open request of a served model and follows it to final', () => {
    apply([requested(1, 3)], 3);
    expect(jobs.get(1)?.state).toBe('queued');
    expect(jobs.get(1)?.params_hash).toBe(paramsHashOf(params()));
    jobs.advance(jobs.get(1)!.id, 'queued', 'computed', { output: '0x00000007', state_root: H(3) });
    apply([submitted(1, 4, ME)], 4);
    expect(jobs.get(1)?.state).toBe('submitted');
    apply(
      [
        ev('oracle', 'Finalized', 6, {
          requestId: '1',
          resultId: H(501),
          callbackSucceeded: true,
          callbackGasUsed: '0',
          finalizerReimbursed: '0',
        }),
      ],
      6,
    );
    expect(jobs.get(1)?.state).toBe('finalized');
    expect(status(1)).toBe('finalized');
    const model = opened.db.prepare('SELECT fees_paid, license FROM models WHERE id = 1').get() as {
      fees_paid: string;
      license: string;
    };
    expect(model).toEqual({ fees_paid: '1000', license: 'MIT' });
    expect(jobs.history(jobs.get(1)!.id).map((h) => h.to_state)).toEqual([
      'queued',
      'computed',
      'submitted',
      'finalized',
    ]);
  });

  it('marks a request answered by another operator, and requeues it when that result is struck', () => {
    apply([requested(1, 3)], 3);
    jobs.advance(jobs.get(1)!.id, 'queued', 'computed', { output: '0x00000007', state_root: H(3) });
    apply([submitted(1, 4, OTHER)], 4);
    expect(jobs.get(1)?.state).toBe('answered_by_other');
    apply(
      [
        ev('oracle', 'ResultStruck', 5, {
          requestId: '1',
          resultId: H(501),
          operator: OTHER,
          bond: '100',
          reopened: { index: 1, drawBlock: 5, deadline: 1_000_000 + 50 + 300 },
        }),
      ],
      5,
    );
    const job = jobs.get(1)!;
    expect(job.state).toBe('computed'); // the output is deterministic: no second run
    expect(job.attempt).toBe(1);
    const row = opened.db
      .prepare('SELECT status, attempt, exclusive_until, deadline FROM requests WHERE id = 1')
      .get() as Record<string, number | string>;
    expect(row).toMatchObject({ status: 'requested', attempt: 1 });
    expect(Number(row.deadline) - Number(row.exclusive_until)).toBe(280);
  });

  it("marks the node's own struck result", () => {
    apply([requested(1, 3)], 3);
    jobs.advance(jobs.get(1)!.id, 'queued', 'computed', { output: '0x00000007', state_root: H(3) });
    apply([submitted(1, 4, ME)], 4);
    apply(
      [
        ev('oracle', 'ResultStruck', 5, {
          requestId: '1',
          resultId: H(501),
          operator: ME,
          bond: '100',
          reopened: { index: 1, drawBlock: 5, deadline: 1_000_350 },
        }),
      ],
      5,
    );
    expect(jobs.get(1)?.state).toBe('struck');
  });

  it('rolls a request back in a reorg and handles it once when it comes back', () => {
    apply([requested(1, 3)], 3);
    const id = jobs.get(1)!.id;
    jobs.advance(id, 'queued', 'computed', { output: '0x00000007', state_root: H(3) });
    index.rollbackTo(block(2));
    expect(status(1)).toBeUndefined();
    expect(jobs.get(1)?.state).toBe('rolled_back');
    expect(index.cursor()?.number).toBe(2);
    // the same request is mined again (same terms): the computed output still applies
    apply([requested(1, 4)], 4);
    expect(jobs.get(1)).toMatchObject({ id, state: 'computed', output: '0x00000007' });
    // after another reorg a different request takes id 1: nothing computed for the old terms is kept
    index.rollbackTo(block(3));
    apply([requested(1, 5, params('2000', H(77)))], 5);
    expect(jobs.get(1)).toMatchObject({
      id,
      state: 'queued',
      output: null,
      params_hash: paramsHashOf(params('2000', H(77))),
    });
    expect(opened.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 1 });
  });

  it('reopens a posting that a reorg removed', () => {
    apply([requested(1, 3)], 3);
    jobs.advance(jobs.get(1)!.id, 'queued', 'computed', { output: '0x00000007', state_root: H(3) });
    apply([submitted(1, 4, ME)], 4);
    index.rollbackTo(block(3));
    expect(status(1)).toBe('requested');
    expect(jobs.get(1)?.state).toBe('computed');
  });

  it('a job whose posting a reorg removed waits for its submission put back in flight, and sends no other', () => {
    apply([requested(1, 3)], 3);
    const id = jobs.get(1)!.id;
    jobs.advance(id, 'queued', 'computed', { output: '0x00000007', state_root: H(3) });
    // the node's submission, mined in block 4 (as the sender records it)
    const tx = Number(
      opened.db
        .prepare(
          `INSERT INTO transactions (purpose, nonce, to_address, data, value, gas_limit, state, mined_block, created_ms, updated_ms)
           VALUES ('submit', 0, ?, '0x', '0', '100000', 'mined', 4, 0, 0)`,
        )
        .run(ORACLE).lastInsertRowid,
    );
    opened.db.prepare('INSERT INTO tx_requests (tx_id, request_id) VALUES (?, 1)').run(tx);
    apply([submitted(1, 4, ME)], 4);
    expect(jobs.get(1)?.state).toBe('submitted');
    // as the node wires it: on a rollback its transactions above the fork are pending again, then
    // the jobs are reconciled (listeners run in the order they were added)
    const node = new IndexStore(opened.db, { clockBudget: 300, inclusionDelay: 15 });
    node.onTouched((_t, cause) => {
      if (cause === 'rollback')
        opened.db.prepare("UPDATE transactions SET state = 'pending' WHERE mined_block > ?").run(node.cursor()!.number);
    });
    new JobStore(opened.db, { operator: ME }).attach(node);
    node.rollbackTo(block(3));
    expect(jobs.get(1)).toMatchObject({ state: 'submitting', tx_id: tx });
  });

  it("forgets a job's drawn primary when a reorg removed the draw's block", () => {
    apply([requested(1, 3), requested(2, 5)], 6);
    opened.db.prepare('UPDATE jobs SET primary_operator = ?').run(OTHER);
    index.rollbackTo(block(5)); // request 2's draw (the hash of block 6) is gone; request 1's (block 4) stays
    expect(jobs.get(1)?.primary_operator).toBe(OTHER);
    expect(jobs.get(2)?.primary_operator).toBeNull();
  });

  it('creates no job for a model the node does not serve, nor for an expired request', () => {
    apply([ev('oracle', 'OptedIn', 3, { operator: ME, modelId: '1', optedIn: false })], 3);
    apply([requested(1, 4)], 4);
    expect(jobs.get(1)).toBeUndefined();
    const readonly = new JobStore(opened.db, {});
    expect(readonly.serves(1)).toBe(false);
  });

  it('keeps token holdings through transfers and reverses them on a reorg', () => {
    const transfer = (b: number, from: string, to: string, value: string) =>
      ev('token', 'Transfer', b, { from, to, value }, TOKEN);
    apply([transfer(3, ZERO, REQUESTER, '100'), transfer(3, ZERO, DEV, '50')], 3);
    apply([transfer(4, REQUESTER, OTHER, '100'), transfer(4, DEV, ZERO, '10')], 4);
    const token = () => opened.db.prepare('SELECT total_supply, holders FROM tokens').get();
    expect(token()).toEqual({ total_supply: '140', holders: 2 });
    index.rollbackTo(block(3));
    expect(token()).toEqual({ total_supply: '150', holders: 2 });
    const balances = opened.db.prepare('SELECT account, balance FROM token_balances ORDER BY account').all();
    expect(balances).toEqual([
      { account: DEV.toLowerCase(), balance: '50' },
      { account: REQUESTER.toLowerCase(), balance: '100' },
    ]);
  });

  it('sums deposits into the model and rebuilds the sum after a reorg', () => {
    const deposit = (b: number, amount: string) =>
      ev('token', 'RevenueDeposited', b, { from: ORACLE, amount, reserved: '0' }, TOKEN);
    apply([deposit(3, '600')], 3);
    apply([deposit(4, '700')], 4);
    const revenue = () =>
      (opened.db.prepare('SELECT holders_revenue FROM models WHERE id = 1').get() as { holders_revenue: string })
        .holders_revenue;
    expect(revenue()).toBe('1300');
    index.rollbackTo(block(3));
    expect(revenue()).toBe('600');
  });
});

describe('paramsHashOf', () => {
  it('is keccak256(abi.encode(params)) as the oracle computes it', () => {
    const type = CONTRACT_INTERFACES.oracle.getEvent('Requested')!.inputs[1]!;
    for (const p of [params(), params('123456789012345678901234', H(2 ** 40))]) {
      const values = type.components!.map((c) => p[c.name]);
      expect(paramsHashOf(p)).toBe(keccak256(AbiCoder.defaultAbiCoder().encode([type], [values])));
    }
  });
});

describe('advanceGame', () => {
  const rules = { clockBudget: 300, inclusionDelay: 15 };
  const start = {
    phase: 'OutputCheck' as const,
    lo: 0,
    hi: 8,
    proposer_clock: 300,
    challenger_clock: 300,
    last_move: 1000,
    moves: 0,
    settled: 0,
    updated_at: 1000,
  };
  const move = (name: string, at: number, args: Record<string, JsonValue> = {}): StoredEvent => ({
    blockNumber: 1,
    logIndex: 0,
    blockHash: '',
    txHash: '',
    address: ORACLE,
    contract: 'game',
    name,
    args: { gameId: '1', ...args },
    timestamp: at,
  });

  it("charges each move to the mover's clock and tops the next mover up to the inclusion delay", () => {
    let g = advanceGame(start, move('OutputChecked', 1100), rules);
    expect(g).toMatchObject({ phase: 'Bisect', proposer_clock: 200, challenger_clock: 300, moves: 1 });
    g = advanceGame(g, move('Bisected', 1290), rules); // proposer spends 190: 10 left
    expect(g).toMatchObject({ phase: 'BisectResponse', proposer_clock: 10 });
    g = advanceGame(g, move('BisectionAnswered', 1300, { agreed: true, lo: 4, hi: 8 }), rules);
    expect(g).toMatchObject({ phase: 'Bisect', lo: 4, hi: 8, challenger_clock: 290, proposer_clock: 15 });
    g = advanceGame(g, move('GameEnded', 1400, { outcome: 9 }), rules);
    expect(g.phase).toBe('ChallengerWon');
    g = advanceGame(g, move('GameSettled', 1500, { outcome: 9, toWinner: '1', burned: '1' }), rules);
    expect(g.settled).toBe(1);
  });
});
