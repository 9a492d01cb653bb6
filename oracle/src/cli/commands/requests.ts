import type { Command } from 'commander';
import { ZeroAddress, type TransactionReceipt } from 'ethers';
import { PromptConsumer__factory } from '../../../../typechain-types';
import { describeOutput } from '../../client/describeOutput';
import type { RequestReading } from '../../client/readRequestRecord';
import { requestStages } from '../../client/requestTimeline';
import { challengerMove, midpoint, moverOf, type Revealed } from '../../dispute/moves';
import { readGame, startMove, withGasMargin } from '../../dispute/players';
import { formatEth } from '../../format/formatAmount';
import { formatTimestamp } from '../../format/formatTime';
import { fromHex, registryCommitment, toHex } from '../../runtime';
import { badArgument, CliError } from '../CliError';
import { openSession, type GlobalOptions, type Session } from '../context/connect';
import { ioOf } from '../context/dtypes';
import { packageForModel } from '../context/modelPackage';
import { parseChoice, parseCount, parseId } from '../context/parseArguments';
import { chainNow, followRequest, readRequest, stageLine } from '../context/requestReading';
import { BACKEND_CHOICES, inputBytes, runLocally, type LocalRun } from '../context/runLocally';
import { sendTransaction } from '../context/sendTransaction';

type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The model's io spec from the registry. */
async function modelIo(session: Session, modelId: bigint) {
  const model = await session.registry.getModel(modelId).catch(() => {
    throw new CliError('FAILED', `there is no model #${modelId}`);
  });
  return ioOf(model.io);
}

/** The result being judged: the pending posting, else the final one. */
function judgedPosting(reading: RequestReading) {
  const p = reading.record.postings.findLast((x) => x.outcome === 'pending' || x.outcome === 'finalized');
  if (!p) throw new CliError('FAILED', `request #${reading.record.id} has no posted result to check yet`);
  return p;
}

/** Re-runs a request locally and compares it with the posted result. */
async function verifyRequest(
  session: Session,
  requestId: bigint,
  packageDir: string | undefined,
  backend: BackendChoice,
) {
  const reading = await readRequest(session, requestId);
  const posting = judgedPosting(reading);
  const pkg = await packageForModel(session, BigInt(reading.record.modelId), packageDir);
  session.out.note(
    `re-running request #${requestId} (model #${reading.record.modelId}, ${pkg.graph.length} ops) locally…`,
  );
  const run = await runLocally(pkg, fromHex(reading.input), backend);
  const output = toHex(run.trace.output);
  const stateRoot = toHex(run.trace.finalStateRoot);
  return {
    reading,
    posting,
    pkg,
    run,
    output,
    stateRoot,
    outputMatches: output === posting.output.toLowerCase(),
    stateRootMatches: stateRoot === posting.stateRoot.toLowerCase(),
  };
}

/** The values the proposer revealed last in a game, which the challenger's next move answers. */
async function revealedIn(session: Session, gameId: bigint): Promise<Revealed> {
  const game = session.game!;
  const [bisected, children, chunk] = await Promise.all([
    game.queryFilter(game.filters.Bisected(gameId)),
    game.queryFilter(game.filters.ChildrenRevealed(gameId)),
    game.queryFilter(game.filters.ChunkRevealed(gameId)),
  ]);
  return {
    midState: bisected.at(-1)?.args.midState,
    left: children.at(-1)?.args.left,
    right: children.at(-1)?.args.right,
    chunk: chunk.at(-1)?.args.chunk,
  };
}

/**
 * Plays the challenger's side of game `gameId` from the local trace until the game ends: every
 * move the phase asks of the challenger, a timeout when the proposer's clock runs out, then its own
 * settle and the withdrawal of what it is owed.
 */
async function playAsChallenger(session: Session, gameId: bigint, run: LocalRun, params: unknown, pollMs: number) {
  const game = session.game!;
  let moves = 0;
  for (;;) {
    const state = await readGame(game, gameId);
    const mover = moverOf(state.phase);
    if (!mover) break;
    if (mover === 'challenger') {
      const move = challengerMove(run.trace, gameId, state, await revealedIn(session, gameId));
      moves += 1;
      const where =
        state.phase === 'bisectResponse'
          ? `disputed ops ${state.lo + 1}…${state.hi} of ${run.trace.opCount}`
          : `op ${state.hi}, height ${state.height}`;
      await sendTransaction(session.out, `move ${moves}: ${move.functionName} (${where})`, () =>
        startMove(game, move, { gasMargin: true }),
      );
      continue;
    }
    const [, , , , , , moverDeadline] = await game.gameState(gameId);
    if ((await chainNow(session)) > Number(moverDeadline)) {
      await sendTransaction(session.out, 'timeout (the proposer did not move in time)', async () =>
        game.timeout(gameId, { gasLimit: withGasMargin(await game.timeout.estimateGas(gameId)) }),
      );
      continue;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const ended = await readGame(game, gameId);
  const settle = await sendTransaction(session.out, 'settle', async () =>
    game.settle(gameId, params as never, {
      gasLimit: withGasMargin(await game.settle.estimateGas(gameId, params as never)),
    }),
  );
  const settled = settle.logs
    .map((log) => {
      try {
        return game.interface.parseLog(log);
      } catch {
        return null;
      }
    })
    .find((e) => e?.name === 'GameSettled');
  const credit = await game.creditOf(session.account!);
  if (credit > 0n) await sendTransaction(session.out, `withdraw ${formatEth(credit)}`, () => game.withdraw());
  return {
    outcome: ended.phase,
    moves,
    toChallenger: settled?.args.toChallenger as bigint | undefined,
    withdrawn: credit,
  };
}

function outputLines(label: string, output: string, dtype: 'int8' | 'int32', labels?: string[]): string {
  const d = describeOutput(output, dtype, labels);
  return `${label}${d.text !== undefined ? JSON.stringify(d.text) : d.values.join(', ')}${d.label !== undefined ? ` (label ${d.label})` : ''}`;
}

function requestIdOf(receipts: TransactionReceipt, session: Session): bigint {
  for (const log of receipts.logs) {
    try {
      const parsed = session.oracle.interface.parseLog(log);
      if (parsed?.name === 'Requested') return parsed.args.requestId as bigint;
    } catch {
      // another contract's log
    }
  }
  throw new CliError('FAILED', 'the request transaction emitted no Requested event');
}

/** `imo request | status | verify | challenge`: a dApp's and a watcher's side of the oracle. */
export function registerRequestCommands(program: Command): void {
  program
    .command('request')
    .description('pay the oracle for an inference; with --wait, follow it to its final result')
    .argument('<modelId>', 'the model', parseId)
    .requiredOption('--input <value>', 'the input: 0x-hex, a JSON array of values, text:<prompt>, or @file')
    .option(
      '--via <route>',
      'direct (the oracle, no callback) or consumer (the example PromptConsumer, with a callback)',
      parseChoice(['direct', 'consumer'] as const),
      'direct',
    )
    .option('--wait', 'follow the request through each stage until it is final')
    .option('--finalize', 'with --wait: finalize it yourself once the challenge window closes (anyone may)')
    .option('--timeout <seconds>', 'with --wait: give up after this long', parseCount, 600)
    .action(
      async (
        modelId: bigint,
        opts: { input: string; via: 'direct' | 'consumer'; wait?: boolean; finalize?: boolean; timeout: number },
        cmd: Command,
      ) => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (opts.finalize && !opts.wait) throw badArgument('--finalize needs --wait');
        const session = await openSession(g, true);
        try {
          const io = await modelIo(session, modelId);
          const input = inputBytes(opts.input, io.input);
          let receipt: TransactionReceipt;
          let fee: bigint;
          if (opts.via === 'consumer') {
            const address = session.deployment.contracts.PromptConsumer;
            if (!address)
              throw badArgument(
                '--via consumer: this deployment has no example consumer (PromptConsumer); use --via direct',
              );
            const consumer = PromptConsumer__factory.connect(address, session.signer!);
            fee = await consumer.estimateFee(modelId);
            receipt = await sendTransaction(session.out, `request via the example consumer (${formatEth(fee)})`, () =>
              consumer.calculateAIResult(modelId, input, { value: fee }),
            );
          } else {
            fee = await session.oracle.estimateFee(modelId, 0);
            receipt = await sendTransaction(session.out, `request (${formatEth(fee)})`, () =>
              session.oracle.requestCallback(modelId, input, ZeroAddress, 0, '0x', { value: fee }),
            );
          }
          const requestId = requestIdOf(receipt, session);
          session.out.note(`request #${requestId} sent in block ${receipt.blockNumber}`);
          if (!opts.wait) {
            session.out.result({ requestId, modelId, fee, txHash: receipt.hash }, () => [
              `request #${requestId} for model #${modelId}, fee ${formatEth(fee)}; follow it: imo status ${requestId}`,
            ]);
            return;
          }
          const reading = await followRequest(session, requestId, {
            out: session.out,
            timeoutMs: opts.timeout * 1000,
            finalize: async (r) => {
              if (!opts.finalize) return;
              const posted = r.posted!;
              const p = r.record.postings.find((x) => x.outcome === 'pending')!;
              try {
                await sendTransaction(session.out, 'finalize', () =>
                  session.oracle.finalize(requestId, r.params as never, posted, p.output, p.stateRoot, r.callbackData),
                );
              } catch (error) {
                // an operator's node (or anyone) may finalize it first: that is the outcome asked for
                if ((await readRequest(session, requestId)).record.state !== 'finalized') throw error;
                session.out.note(`request #${requestId} was finalized by someone else first`);
              }
            },
          });
          const final = reading.record.postings.find((p) => p.outcome === 'finalized');
          session.out.result(
            {
              requestId,
              modelId,
              state: reading.record.state,
              output: final?.output,
              stateRoot: final?.stateRoot,
              ...(final ? describeOutput(final.output, io.output.dtype) : {}),
            },
            () =>
              final
                ? [
                    `request #${requestId} is final`,
                    outputLines('output      ', final.output, io.output.dtype),
                    `state root  ${final.stateRoot}`,
                  ]
                : [`request #${requestId} was ${reading.record.state}`],
          );
        } finally {
          session.close();
        }
      },
    );

  program
    .command('status')
    .description("a request's stages: drawn operator, posted result, challenge window, games, final result, callback")
    .argument('<requestId>', 'the request', parseId)
    .action(async (requestId: bigint, _opts: unknown, cmd: Command) => {
      const session = await openSession(cmd.optsWithGlobals<GlobalOptions>(), false);
      try {
        const reading = await readRequest(session, requestId);
        const now = await chainNow(session);
        const stages = requestStages(reading.record, now);
        const io = await modelIo(session, BigInt(reading.record.modelId));
        const latest = reading.record.postings.findLast((p) => p.outcome !== 'struck');
        session.out.result({ ...reading.record, stages, chainTime: now }, () => [
          `request #${requestId}: model #${reading.record.modelId}, ${reading.record.state}${reading.record.disputed ? ' (challenged)' : ''}, requested ${formatTimestamp(reading.record.requested.at)}`,
          ...stages.map((s) => stageLine(s, now)),
          ...(latest ? [outputLines('output: ', latest.output, io.output.dtype)] : []),
        ]);
      } finally {
        session.close();
      }
    });

  program
    .command('verify')
    .description(
      're-run a request locally and compare the output and state root with what the operator posted (exit 3 on a mismatch)',
    )
    .argument('<requestId>', 'the request', parseId)
    .option('--package <dir>', "the model's package folder (default: fetched from its on-chain package URI)")
    .option('--backend <mode>', 'cpu (WebAssembly), gpu (WebGPU) or auto', parseChoice(BACKEND_CHOICES), 'cpu')
    .action(async (requestId: bigint, opts: { package?: string; backend: BackendChoice }, cmd: Command) => {
      const session = await openSession(cmd.optsWithGlobals<GlobalOptions>(), false);
      try {
        const v = await verifyRequest(session, requestId, opts.package, opts.backend);
        const match = v.outputMatches && v.stateRootMatches;
        const dtype = v.pkg.manifest.io.output.dtype;
        session.out.result(
          {
            requestId,
            match,
            posted: { operator: v.posting.operator, output: v.posting.output, stateRoot: v.posting.stateRoot },
            local: { output: v.output, stateRoot: v.stateRoot, ms: v.run.ms, backend: v.run.backend },
          },
          () => [
            `${v.outputMatches ? '✓' : '✗'} ${outputLines('output      posted ', v.posting.output, dtype, v.pkg.manifest.labels)}; ${outputLines('local ', v.output, dtype, v.pkg.manifest.labels)}`,
            `${v.stateRootMatches ? '✓' : '✗'} state root  posted ${v.posting.stateRoot}; local ${v.stateRoot}`,
            `re-ran ${v.run.trace.opCount} ops in ${v.run.ms.toFixed(1)} ms on ${v.run.backend.name}`,
            match
              ? 'the posted result is right'
              : `the posted result is WRONG: challenge it with imo challenge ${requestId}`,
          ],
        );
        if (!match)
          throw new CliError('MISMATCH', `request #${requestId}: the operator's result differs from the local run`);
      } finally {
        session.close();
      }
    });

  program
    .command('challenge')
    .description(
      're-run a request and, if the posted result is wrong, open a dispute game with the bond and play it to the end (or hand it off)',
    )
    .argument('<requestId>', 'the request', parseId)
    .option('--package <dir>', "the model's package folder (default: fetched from its on-chain package URI)")
    .option('--backend <mode>', 'cpu (WebAssembly), gpu (WebGPU) or auto', parseChoice(BACKEND_CHOICES), 'cpu')
    .option('--hand-off', 'open the game only and leave the moves to an oracle node playing for this key')
    .option('--poll-ms <ms>', 'how often to check the game while the proposer moves', parseCount, 1000)
    .action(
      async (
        requestId: bigint,
        opts: { package?: string; backend: BackendChoice; handOff?: boolean; pollMs: number },
        cmd: Command,
      ) => {
        const session = await openSession(cmd.optsWithGlobals<GlobalOptions>(), true);
        try {
          if (!session.game) throw new CliError('FAILED', 'this deployment has no dispute game');
          const v = await verifyRequest(session, requestId, opts.package, opts.backend);
          if (v.outputMatches && v.stateRootMatches) {
            throw new CliError(
              'FAILED',
              `the posted result of request #${requestId} matches your run: a challenge would lose its bond`,
            );
          }
          if (v.posting.outcome !== 'pending')
            throw new CliError('FAILED', `request #${requestId}'s result is already final`);
          const bond = await session.game.challengeBond();
          const args = [
            requestId,
            v.reading.params as never,
            v.reading.posted!,
            v.posting.output,
            v.posting.stateRoot,
            v.reading.input,
            registryCommitment(v.pkg.manifest) as never,
          ] as const;
          const receipt = await sendTransaction(session.out, `challenge with a bond of ${formatEth(bond)}`, async () =>
            session.game!.challenge(...args, {
              value: bond,
              gasLimit: withGasMargin(await session.game!.challenge.estimateGas(...args, { value: bond })),
            }),
          );
          const opened = receipt.logs
            .map((l) => session.game!.interface.parseLog(l))
            .find((e) => e?.name === 'GameOpened');
          const gameId = opened!.args.gameId as bigint;
          if (opts.handOff) {
            session.out.result({ requestId, gameId, bond, handedOff: true }, () => [
              `opened game #${gameId} on request #${requestId} (bond ${formatEth(bond)}); its moves are left to a node playing for ${session.account}`,
            ]);
            return;
          }
          session.out.note(
            `opened game #${gameId}; playing the challenger's side from the local trace (${v.run.trace.opCount} ops, bisection midpoint first ${midpoint(0, v.run.trace.opCount)})`,
          );
          const played = await playAsChallenger(session, gameId, v.run, v.reading.params, opts.pollMs);
          session.out.result({ requestId, gameId, ...played }, () =>
            [
              `game #${gameId} ended after ${played.moves} challenger moves: ${played.outcome === 'challengerWon' ? 'the challenger won: the result was struck and the request reopened' : played.outcome}`,
              played.toChallenger !== undefined
                ? `settled: ${formatEth(played.toChallenger)} credited to you (your bond and your measured gas); withdrew ${formatEth(played.withdrawn)}`
                : '',
            ].filter(Boolean),
          );
        } finally {
          session.close();
        }
      },
    );
}
