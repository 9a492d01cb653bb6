import { Interface, type ContractRunner, type Log, type TransactionReceipt } from 'ethers';
import { AIOracle__factory, type AIOracle, type IOpmlOracle } from '../../../typechain-types';
import { OracleClientError } from './OracleClientError';

export type RequestParams = IOpmlOracle.RequestParamsStruct;
/** The terms of a request's current attempt (`Requested`, or `ResultStruck` after a strike). */
export type Attempt = IOpmlOracle.AttemptStruct;
/** Who posted a result, in which attempt, and when its challenge window closes (`ResultSubmitted`). */
export type Posted = IOpmlOracle.PostedStruct;

/** Where a request stands, as `waitForFinality` reports it. */
export type RequestProgress =
  | { stage: 'requested'; requestId: bigint; attempt: number; deadline: number }
  | {
      stage: 'submitted';
      requestId: bigint;
      attempt: number;
      operator: string;
      challengeDeadline: number;
      /** Whether a dispute game is open on the result (it cannot finalize until every game closes). */
      disputed: boolean;
    }
  | { stage: 'finalized'; requestId: bigint };

export interface FinalResult {
  requestId: bigint;
  resultId: string;
  operator: string;
  posted: Posted;
  output: string;
  stateRoot: string;
  callbackSucceeded: boolean;
}

export interface RequestParameters {
  modelId: bigint | number;
  input: Uint8Array | string;
  callbackContract?: string;
  gasLimit?: bigint | number;
  callbackData?: Uint8Array | string;
}

export interface RequestReturnType {
  requestId: bigint;
  params: RequestParams;
  attempt: Attempt;
  receipt: TransactionReceipt;
}

/** A request's terms as its events give them: what `submit`, `finalize` and `cancel` re-supply. */
export interface RequestTerms {
  params: RequestParams;
  callbackData: string;
  /** The current attempt (the last `Requested` / `ResultStruck`). */
  attempt: Attempt;
}

export interface WaitForFinalityOptions {
  onProgress?: (progress: RequestProgress) => void;
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** Call `finalize` when the challenge window has passed (needs a signer). */
  finalize?: boolean;
}

const STATES = ['none', 'requested', 'submitted', 'finalized', 'cancelled'] as const;

/**
 * A typed client of the AI oracle for scripts and services (ethers v6): estimate, request, follow a
 * request to finality and read its result.
 *
 * @example
 * const client = new OracleClient(oracleAddress, signer);
 * const { requestId } = await client.request({ modelId: 1, input: drawing });
 * const result = await client.waitForFinality(requestId, { onProgress: console.log, finalize: true });
 */
export class OracleClient {
  readonly oracle: AIOracle;

  constructor(
    address: string,
    readonly runner: ContractRunner,
  ) {
    this.oracle = AIOracle__factory.connect(address, runner);
  }

  /** The model fee plus `gasLimit` of callback gas at `gasPrice` (default: the network's max fee). */
  async estimateFee(modelId: bigint | number, gasLimit: bigint | number = 0n, gasPrice?: bigint): Promise<bigint> {
    const fee = await this.oracle.estimateFee(modelId, 0);
    return fee + BigInt(gasLimit) * (gasPrice ?? (await this.maxGasPrice()));
  }

  /** Sends a request paying the estimated fee (any excess is returned by the oracle). */
  async request(p: RequestParameters): Promise<RequestReturnType> {
    const gasLimit = BigInt(p.gasLimit ?? 0);
    const maxFeePerGas = await this.maxGasPrice();
    const value = await this.estimateFee(p.modelId, gasLimit, maxFeePerGas);
    const receipt = await this.send(() =>
      this.oracle.requestCallback(
        p.modelId,
        p.input,
        p.callbackContract ?? '0x0000000000000000000000000000000000000000',
        gasLimit,
        p.callbackData ?? '0x',
        {
          value,
        },
      ),
    );
    const event = this.findEvent(receipt.logs, 'Requested');
    if (!event) throw new OracleClientError('NOT_FOUND', 'the request transaction emitted no Requested event');
    return {
      requestId: event.args.requestId as bigint,
      params: plain<RequestParams>(event.args.params),
      attempt: plain<Attempt>(event.args.attempt),
      receipt,
    };
  }

  /**
   * Follows a request until its result is final, reporting each stage once. Throws `CANCELLED` if
   * it is cancelled and `TIMEOUT` after `timeoutMs`.
   */
  async waitForFinality(requestId: bigint, options: WaitForFinalityOptions = {}): Promise<FinalResult> {
    const { onProgress, pollIntervalMs = 1000, timeoutMs = 10 * 60_000 } = options;
    const started = Date.now();
    let last = '';
    for (;;) {
      // The slot holds the state and the disputed flag; attempts and postings come from the events.
      const status = await this.oracle.statusOf(requestId);
      const state = STATES[Number(status.state)];
      let progress: RequestProgress | undefined;
      if (state === 'requested') {
        const { attempt } = await this.terms(requestId);
        progress = {
          stage: 'requested',
          requestId,
          attempt: Number(attempt.index),
          deadline: Number(attempt.deadline),
        };
      } else if (state === 'submitted') {
        const { posted } = await this.getResult(requestId);
        progress = {
          stage: 'submitted',
          requestId,
          attempt: Number(posted.attempt),
          operator: String(posted.operator),
          challengeDeadline: Number(posted.challengeDeadline),
          disputed: status.disputed,
        };
      } else if (state === 'finalized') {
        progress = { stage: 'finalized', requestId };
      } else if (state === 'cancelled') {
        throw new OracleClientError('CANCELLED', `request ${requestId} was cancelled`);
      } else {
        throw new OracleClientError('NOT_FOUND', `no request ${requestId}`);
      }
      const key = JSON.stringify(progress, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      if (key !== last) {
        last = key;
        onProgress?.(progress);
      }
      if (progress.stage === 'finalized') return this.getResult(requestId);
      if (progress.stage === 'submitted' && options.finalize && !progress.disputed) {
        const now = (await this.oracle.runner?.provider?.getBlock('latest'))?.timestamp ?? 0;
        if (now >= progress.challengeDeadline) {
          try {
            await this.finalize(requestId);
          } catch (error) {
            // Someone else (an operator's node) finalized it first, or a game opened on it: the next
            // round reads the new stage. Anything else is the caller's to see.
            const after = await this.oracle.statusOf(requestId);
            if (STATES[Number(after.state)] === 'submitted' && !after.disputed) throw error;
          }
        }
      }
      if (Date.now() - started > timeoutMs) {
        throw new OracleClientError(
          'TIMEOUT',
          `request ${requestId} is not final after ${timeoutMs} ms (stage ${progress.stage})`,
        );
      }
      await new Promise((r) => setTimeout(r, pollIntervalMs));
    }
  }

  /** The final (or pending) result of a request, read from its events. */
  async getResult(requestId: bigint): Promise<FinalResult> {
    const submitted = await this.oracle.queryFilter(this.oracle.filters.ResultSubmitted(requestId));
    const last = submitted.at(-1);
    if (!last) throw new OracleClientError('NOT_FOUND', `request ${requestId} has no result yet`);
    const finalized = (await this.oracle.queryFilter(this.oracle.filters.Finalized(requestId))).at(-1);
    return {
      requestId,
      resultId: last.args.resultId,
      operator: last.args.operator,
      posted: postedOf(last.args),
      output: last.args.output,
      stateRoot: last.args.stateRoot,
      callbackSucceeded: finalized?.args.callbackSucceeded ?? false,
    };
  }

  /** A request's terms and current attempt, from its `Requested` and `ResultStruck` events. */
  async terms(requestId: bigint): Promise<RequestTerms> {
    const requested = (await this.oracle.queryFilter(this.oracle.filters.Requested(requestId))).at(-1);
    if (!requested) throw new OracleClientError('NOT_FOUND', `no request ${requestId}`);
    const struck = (await this.oracle.queryFilter(this.oracle.filters.ResultStruck(requestId))).at(-1);
    return {
      params: plain<RequestParams>(requested.args.params),
      callbackData: requested.args.callbackData,
      attempt: plain<Attempt>(struck ? struck.args.reopened : requested.args.attempt),
    };
  }

  /** Finalizes a request whose challenge window has passed, re-supplying its terms from the events. */
  async finalize(requestId: bigint): Promise<TransactionReceipt> {
    const { params, callbackData } = await this.terms(requestId);
    const result = await this.getResult(requestId);
    return this.send(() =>
      this.oracle.finalize(requestId, params, result.posted, result.output, result.stateRoot, callbackData),
    );
  }

  /**
   * Cancels a request that got no result by its attempt's deadline (or whose model was frozen),
   * refunding its requester; anyone may call.
   */
  async cancel(requestId: bigint): Promise<TransactionReceipt> {
    const { params, attempt } = await this.terms(requestId);
    return this.send(() => this.oracle.cancel(requestId, params, attempt));
  }

  /**
   * For a model's developer (or the treasury): credits the model's accrued fee shares
   * (`sweepModelFees`, skipped when nothing has accrued) and withdraws the caller's credits to
   * `to` (default: the caller). Returns the wei paid out.
   */
  async collectModelFees(modelId: bigint | number, to?: string): Promise<bigint> {
    const signer = this.runner as { getAddress?: () => Promise<string> };
    if (typeof signer.getAddress !== 'function') {
      throw new OracleClientError('NO_SIGNER', 'collecting fees sends transactions: connect the client with a signer');
    }
    const me = await signer.getAddress();
    const owed = await this.oracle.modelLedgerOf(modelId);
    if (owed.developerOwed + owed.protocolOwed > 0n) await this.send(() => this.oracle.sweepModelFees(modelId));
    const credit = await this.oracle.creditOf(me);
    if (credit === 0n) return 0n;
    await this.send(() => this.oracle.withdraw(to ?? me));
    return credit;
  }

  private async maxGasPrice(): Promise<bigint> {
    const data = await this.oracle.runner?.provider?.getFeeData();
    return data?.maxFeePerGas ?? data?.gasPrice ?? 0n;
  }

  private findEvent(logs: readonly Log[], name: string) {
    for (const log of logs) {
      const parsed = this.oracle.interface.parseLog(log);
      if (parsed?.name === name) return parsed;
    }
    return undefined;
  }

  /** Sends a transaction and waits for it, turning a revert into a `REVERTED` error with the decoded custom error. */
  private async send(tx: () => Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
    try {
      const receipt = await (await tx()).wait();
      if (!receipt) throw new OracleClientError('NOT_FOUND', 'the transaction was not mined');
      return receipt;
    } catch (error) {
      if (error instanceof OracleClientError) throw error;
      throw new OracleClientError('REVERTED', describeRevert(this.oracle.interface, error), { cause: error });
    }
  }
}

/** A struct from an ethers `Result` as a plain object. */
export function plain<T>(value: unknown): T {
  return (value as { toObject(): T }).toObject();
}

/** The posting (operator, attempt, challenge deadline) a `ResultSubmitted` event carries. */
export function postedOf(args: { operator: string; attempt: bigint; challengeDeadline: bigint }): Posted {
  return { operator: args.operator, attempt: args.attempt, challengeDeadline: args.challengeDeadline };
}

/** "OracleInsufficientFee(1000, 2000)" from an ethers error carrying revert data, else its message. */
export function describeRevert(iface: Interface, error: unknown): string {
  const e = error as {
    data?: string;
    revert?: { name: string; args: unknown[] };
    message?: string;
    error?: { data?: string };
  };
  if (e.revert) return `${e.revert.name}(${e.revert.args.map(String).join(', ')})`;
  const data = e.data ?? e.error?.data;
  if (typeof data === 'string' && data.length >= 10) {
    const parsed = iface.parseError(data);
    if (parsed) return `${parsed.name}(${parsed.args.map(String).join(', ')})`;
  }
  return e.message ?? String(error);
}
