import { ethersRequestSource } from '../../client/ethersRequestSource';
import { readRequestRecord, type RequestReading } from '../../client/readRequestRecord';
import { requestStages, type Stage } from '../../client/requestTimeline';
import { CliError } from '../CliError';
import type { Session } from './connect';
import type { Output } from './output';

/** A request read from the chain, or a `CliError` when there is none. */
export async function readRequest(session: Session, requestId: bigint): Promise<RequestReading> {
  const reading = await readRequestRecord(
    ethersRequestSource(session.oracle, session.game, session.deployment.blockNumber),
    requestId,
  );
  if (!reading) throw new CliError('FAILED', `there is no request #${requestId}`);
  return reading;
}

/** Chain time: the latest block's timestamp. */
export async function chainNow(session: Session): Promise<number> {
  return (await session.provider.getBlock('latest'))!.timestamp;
}

const MARK: Record<Stage['status'], string> = { done: '✓', current: '…', waiting: ' ', failed: '✗' };

/** A stage as one line: its mark, label and detail, and a countdown for a current stage with an end. */
export function stageLine(stage: Stage, now: number): string {
  const left =
    stage.until !== undefined && stage.status === 'current' ? ` (${Math.max(0, stage.until - now)} s left)` : '';
  const games = stage.games && stage.games.length > 0 ? ` Games: ${stage.games.map((g) => `#${g}`).join(', ')}.` : '';
  return `${MARK[stage.status]} ${stage.label}${left}: ${stage.detail}${games}`;
}

/**
 * Follows a request until it is final or cancelled, printing each stage once as it completes (or
 * starts), with a progress count; with `finalize`, finalizes it once its window has closed
 * unchallenged. Returns the last reading.
 */
export async function followRequest(
  session: Session,
  requestId: bigint,
  options: { out: Output; finalize: (reading: RequestReading) => Promise<void>; timeoutMs: number; pollMs?: number },
): Promise<RequestReading> {
  const started = Date.now();
  const shown = new Set<string>();
  for (;;) {
    const reading = await readRequest(session, requestId);
    const now = await chainNow(session);
    const stages = requestStages(reading.record, now);
    const done = stages.filter((s) => s.status === 'done').length;
    for (const stage of stages) {
      const key = `${stage.key}:${stage.status}:${stage.label}`;
      if (stage.status === 'waiting' || shown.has(key)) continue;
      shown.add(key);
      options.out.progress(stageLine(stage, now), done, stages.length);
    }
    const { state, disputed, postings } = reading.record;
    if (state === 'finalized' || state === 'cancelled') return reading;
    const pending = postings.find((p) => p.outcome === 'pending');
    if (state === 'submitted' && !disputed && pending && now >= pending.challengeDeadline)
      await options.finalize(reading);
    if (Date.now() - started > options.timeoutMs) {
      throw new CliError(
        'FAILED',
        `request #${requestId} is not final after ${Math.round(options.timeoutMs / 1000)} s (stage: ${stages.find((s) => s.status === 'current')?.label ?? state}); follow it with imo status ${requestId}`,
      );
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}
