import { isError, type Signer } from 'ethers';
import {
  AIOracle__factory,
  OpmlDisputeGame__factory,
  type AIOracle,
  type OpmlDisputeGame,
} from '../../../../typechain-types';
import { plain, postedOf, type Attempt, type Posted, type RequestParams } from '../../client/oracleClient';
import { proposerMove, moverOf } from '../../dispute/moves';
import { readGame, sendMove } from '../../dispute/players';
import { fromHex, runModel, toHex, type ModelPackage, type Trace } from '../../runtime';
import { tamperedTrace } from './tamperedTrace';

/** What the stand-in does besides answering honestly. */
export interface StandInOperatorOptions {
  /** Post a wrong output (the last slot's first element changed, with a consistent trace) for these requests. */
  lieOn?: (requestId: bigint) => boolean;
  /** Finalize its own results once their windows close unchallenged (default true). */
  finalize?: boolean;
  /** How often it looks at the chain (default 400 ms). */
  pollMs?: number;
  /** Told about every action, for test logs. */
  log?: (line: string) => void;
}

interface OpenRequest {
  id: bigint;
  params: RequestParams;
  attempt: Attempt;
  input: Uint8Array;
  callbackData: string;
}

interface MyPosting {
  request: OpenRequest;
  trace: Trace;
  posted: Posted;
  output: string;
  stateRoot: string;
  finalized: boolean;
}

/**
 * The oracle node's operator duties, played from a test while the node is not part of this branch:
 * it answers every request it may answer (as the drawn primary, or anyone's after the response
 * window) with the runtime's real output and state root — or a consistent lie for the requests
 * `lieOn` picks — finalizes its results when their windows close, and defends its results in
 * dispute games move by move with the dispute players' logic.
 *
 * @example
 * const operator = new StandInOperator(wallet, deployment.contracts, (id) => packages.get(id));
 * operator.start();
 * await operator.stop();
 */
export class StandInOperator {
  readonly oracle: AIOracle;
  readonly game: OpmlDisputeGame;
  private readonly open = new Map<bigint, OpenRequest>();
  private readonly mine = new Map<bigint, MyPosting>();
  private readonly games = new Map<bigint, bigint>();
  private cursor = 0;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    readonly signer: Signer,
    contracts: { AIOracle: string; OpmlDisputeGame?: string },
    private readonly packageOf: (modelId: bigint) => ModelPackage | undefined,
    private readonly options: StandInOperatorOptions = {},
  ) {
    this.oracle = AIOracle__factory.connect(contracts.AIOracle, signer);
    if (!contracts.OpmlDisputeGame) throw new Error('the stand-in operator needs the dispute game');
    this.game = OpmlDisputeGame__factory.connect(contracts.OpmlDisputeGame, signer);
  }

  /** Starts the loop (errors of one step are logged and retried at the next). */
  start(fromBlock = 0): void {
    this.cursor = fromBlock;
    this.running = (async () => {
      while (!this.stopping) {
        try {
          await this.step();
        } catch (error) {
          this.options.log?.(
            `stand-in operator: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          );
        }
        await new Promise((r) => setTimeout(r, this.options.pollMs ?? 400));
      }
    })();
  }

  /** Stops after the current step. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** One pass: new requests and games, answers, finalizations, moves. */
  async step(): Promise<void> {
    const provider = this.signer.provider!;
    const me = await this.signer.getAddress();
    const latest = await provider.getBlockNumber();
    if (latest >= this.cursor) {
      for (const e of await this.oracle.queryFilter(this.oracle.filters.Requested(), this.cursor, latest)) {
        this.open.set(e.args.requestId, {
          id: e.args.requestId,
          params: plain<RequestParams>(e.args.params),
          attempt: plain<Attempt>(e.args.attempt),
          input: fromHex(e.args.input),
          callbackData: e.args.callbackData,
        });
      }
      for (const e of await this.game.queryFilter(this.game.filters.GameOpened(), this.cursor, latest)) {
        if (e.args.proposer.toLowerCase() === me.toLowerCase()) this.games.set(e.args.gameId, e.args.requestId);
      }
      this.cursor = latest + 1;
    }
    const now = (await provider.getBlock('latest'))!.timestamp;
    for (const request of [...this.open.values()]) await this.answer(request, me, now);
    if (this.options.finalize ?? true) for (const posting of this.mine.values()) await this.finalizeIfDue(posting, now);
    for (const [gameId, requestId] of this.games) await this.defend(gameId, requestId);
  }

  private async answer(request: OpenRequest, me: string, now: number): Promise<void> {
    const status = await this.oracle.statusOf(request.id);
    if (Number(status.state) !== 1) {
      this.open.delete(request.id);
      return;
    }
    const exclusiveUntil =
      Number(request.attempt.deadline) - Number(request.params.timeout) + Number(request.params.responseWindow);
    let primary: string;
    try {
      primary = await this.oracle.primaryOf(request.id, request.params, request.attempt);
    } catch (error) {
      // a revert: the attempt is no longer open; anything else (a lost answer) is tried next step
      if (isError(error, 'CALL_EXCEPTION')) this.open.delete(request.id);
      return;
    }
    if (primary.toLowerCase() !== me.toLowerCase() && now < exclusiveUntil) return;
    const pkg = this.packageOf(BigInt(request.params.modelId));
    if (!pkg) return;
    const honest = await runModel(pkg, request.input);
    const lie = this.options.lieOn?.(request.id) ?? false;
    const trace = lie ? await tamperedTrace(honest, honest.opCount, 0) : honest;
    const output = toHex(trace.output);
    const stateRoot = toHex(trace.finalStateRoot);
    const receipt = await (
      await this.oracle.submit(request.id, request.params, request.attempt, output, stateRoot)
    ).wait();
    const event = receipt!.logs
      .map((l) => this.oracle.interface.parseLog(l))
      .find((e) => e?.name === 'ResultSubmitted')!;
    this.mine.set(request.id, {
      request,
      trace,
      posted: postedOf(event.args as never),
      output,
      stateRoot,
      finalized: false,
    });
    this.open.delete(request.id);
    this.options.log?.(`stand-in operator: answered request ${request.id}${lie ? ' with a WRONG output' : ''}`);
  }

  private async finalizeIfDue(p: MyPosting, now: number): Promise<void> {
    if (p.finalized || now < Number(p.posted.challengeDeadline)) return;
    const status = await this.oracle.statusOf(p.request.id);
    if (Number(status.state) !== 2 || status.disputed) {
      if (Number(status.state) !== 2) p.finalized = true;
      return;
    }
    await (
      await this.oracle.finalize(
        p.request.id,
        p.request.params,
        p.posted,
        p.output,
        p.stateRoot,
        p.request.callbackData,
      )
    ).wait();
    p.finalized = true;
    this.options.log?.(`stand-in operator: finalized request ${p.request.id}`);
  }

  private async defend(gameId: bigint, requestId: bigint): Promise<void> {
    const posting = this.mine.get(requestId);
    if (!posting) return;
    const state = await readGame(this.game, gameId);
    if (moverOf(state.phase) !== 'proposer') {
      if (!moverOf(state.phase)) this.games.delete(gameId);
      return;
    }
    await sendMove(this.game, proposerMove(posting.trace, gameId, state));
    this.options.log?.(`stand-in operator: game ${gameId} ${state.phase}`);
  }
}
