import type { Command } from 'commander';
import { formatEther, getAddress, parseEther } from 'ethers';
import { ModelRegistry__factory } from '../../../../../typechain-types';
import { OracleNodeError } from '../../OracleNodeError';
import { configFromOptions, withConfigOptions } from '../configOptions';
import { connectOperator, isMember, sendChecked, type OperatorConnection } from '../connectOperator';

type Options = Record<string, unknown>;

/** Runs a command with a connection that has a wallet, closing it afterwards. */
async function withWallet(
  options: Options,
  fn: (c: OperatorConnection & { me: string }) => Promise<void>,
): Promise<void> {
  const { config } = configFromOptions(options);
  const c = await connectOperator(config, true);
  try {
    await fn({ ...c, me: c.wallet!.address });
  } finally {
    c.chain.close();
  }
}

function parseModelIds(values: string[]): bigint[] {
  return values.map((v) => {
    if (!/^[1-9]\d*$/.test(v))
      throw new OracleNodeError('BAD_REQUEST', `model id ${JSON.stringify(v)}: expected a positive integer`);
    return BigInt(v);
  });
}

function parseEth(value: string): bigint {
  if (!/^\d+(\.\d{1,18})?$/.test(value)) {
    throw new OracleNodeError(
      'BAD_REQUEST',
      `amount ${JSON.stringify(value)}: expected ETH as a decimal number such as 1.5`,
    );
  }
  return parseEther(value);
}

/** `stake`, `opt-in`, `opt-out`, `exit`, `withdraw-stake`, `withdraw`, `sweep`: the operator's transactions. */
export function operatorCommands(program: Command): void {
  withConfigOptions(
    program.command('stake <eth>').description('add ETH to the operator stake (the first stake must reach minStake)'),
  ).action((amount: string, options: Options) =>
    withWallet(options, async ({ oracle, me }) => {
      const value = parseEth(amount);
      const hash = await sendChecked(
        'stake',
        () => oracle.stake.staticCall({ value }),
        () => oracle.stake({ value }),
      );
      const op = await oracle.operatorOf(me);
      console.log(`staked ${amount} ETH (${hash}); stake is now ${formatEther(op.stake)} ETH`);
    }),
  );

  withConfigOptions(
    program
      .command('opt-in [modelIds...]')
      .description('answer requests for these models (or --all registered models)')
      .option('--all', 'every registered model not opted in yet'),
  ).action((ids: string[], options: Options) =>
    withWallet(options, async ({ oracle, me, chain }) => {
      let models = parseModelIds(ids);
      if (options.all) {
        const registry = ModelRegistry__factory.connect(chain.addresses.registry, chain.provider);
        const count = await registry.modelCount();
        models = [];
        for (let id = 1n; id <= count; id++) {
          if (!(await isMember(oracle, id, me))) models.push(id);
        }
      }
      if (models.length === 0) throw new OracleNodeError('BAD_REQUEST', 'name at least one model id, or pass --all');
      for (const id of models) {
        const hash = await sendChecked(
          `optIn(${id})`,
          () => oracle.optIn.staticCall(id),
          () => oracle.optIn(id),
        );
        console.log(`opted in to model ${id} (${hash})`);
      }
    }),
  );

  withConfigOptions(
    program.command('opt-out <modelIds...>').description('stop answering requests for these models'),
  ).action((ids: string[], options: Options) =>
    withWallet(options, async ({ oracle }) => {
      for (const id of parseModelIds(ids)) {
        const hash = await sendChecked(
          `optOut(${id})`,
          () => oracle.optOut.staticCall(id),
          () => oracle.optOut(id),
        );
        console.log(`opted out of model ${id} (${hash})`);
      }
    }),
  );

  withConfigOptions(
    program
      .command('exit')
      .description('start exiting: no new results; the stake is withdrawable after the unstake delay'),
  ).action((options: Options) =>
    withWallet(options, async ({ oracle, me }) => {
      const hash = await sendChecked(
        'requestExit',
        () => oracle.requestExit.staticCall(),
        () => oracle.requestExit(),
      );
      const op = await oracle.operatorOf(me);
      console.log(
        `exit requested (${hash}); opt out of every model, then run withdraw-stake after ${new Date(Number(op.exitAt) * 1000).toISOString()}`,
      );
    }),
  );

  withConfigOptions(
    program.command('withdraw-stake').description('withdraw the whole stake of an exited operator'),
  ).action((options: Options) =>
    withWallet(options, async ({ oracle, me }) => {
      const op = await oracle.operatorOf(me);
      const hash = await sendChecked(
        'withdrawStake',
        () => oracle.withdrawStake.staticCall(),
        () => oracle.withdrawStake(),
      );
      console.log(`withdrew a stake of ${formatEther(op.stake)} ETH (${hash})`);
    }),
  );

  withConfigOptions(
    program
      .command('withdraw')
      .description("withdraw the operator's credits (fee shares, reimbursements, refunds)")
      .option('--to <address>', 'where to send them (default: the operator)'),
  ).action((options: Options) =>
    withWallet(options, async ({ oracle, me }) => {
      let to = me;
      if (typeof options.to === 'string') {
        try {
          to = getAddress(options.to);
        } catch {
          throw new OracleNodeError('BAD_REQUEST', `--to ${JSON.stringify(options.to)}: expected an address`);
        }
      }
      const credits = await oracle.creditOf(me);
      const hash = await sendChecked(
        'withdraw',
        () => oracle.withdraw.staticCall(to),
        () => oracle.withdraw(to),
      );
      console.log(`withdrew ${formatEther(credits)} ETH to ${to} (${hash})`);
    }),
  );

  withConfigOptions(
    program
      .command('sweep <modelIds...>')
      .description("credit models' accrued developer and protocol fees (anyone may)"),
  ).action((ids: string[], options: Options) =>
    withWallet(options, async ({ oracle }) => {
      for (const id of parseModelIds(ids)) {
        const hash = await sendChecked(
          `sweepModelFees(${id})`,
          () => oracle.sweepModelFees.staticCall(id),
          () => oracle.sweepModelFees(id),
        );
        console.log(`swept model ${id}'s fees (${hash})`);
      }
    }),
  );
}
