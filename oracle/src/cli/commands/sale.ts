import type { Command } from 'commander';
import { IMOSale__factory, ModelToken__factory } from '../../../../typechain-types';
import { formatEth, formatTokens } from '../../format/formatAmount';
import { formatTimestamp } from '../../format/formatTime';
import { badArgument, CliError } from '../CliError';
import { openSession, type GlobalOptions, type Session } from '../context/connect';
import { parseAddress, parseEth, parseId } from '../context/parseArguments';
import { sendTransaction } from '../context/sendTransaction';

const SALE_STATES = ['pending', 'active', 'succeeded', 'failed'] as const;

/** The sale of a launched model (its `Launched` event), connected to the session's runner. */
async function saleOf(session: Session, modelId: bigint) {
  const [launched] = await session.factory.queryFilter(
    session.factory.filters.Launched(modelId),
    session.deployment.blockNumber,
  );
  if (!launched)
    throw new CliError(
      'FAILED',
      `model #${modelId} has no sale (it was not launched through the launch factory, or does not exist)`,
    );
  const sale = IMOSale__factory.connect(launched.args.sale, session.signer ?? session.provider);
  const token = ModelToken__factory.connect(launched.args.token, session.provider);
  return { sale, symbol: await token.symbol(), address: launched.args.sale };
}

/** A JSON array of 32-byte hex proof nodes. */
function parseProof(value: string): string[] {
  let proof: unknown;
  try {
    proof = JSON.parse(value);
  } catch {
    throw badArgument('--proof: expected a JSON array of 0x-prefixed 32-byte hex strings');
  }
  if (!Array.isArray(proof) || !proof.every((p) => typeof p === 'string' && /^0x[0-9a-fA-F]{64}$/.test(p))) {
    throw badArgument('--proof: expected a JSON array of 0x-prefixed 32-byte hex strings');
  }
  return proof as string[];
}

/** `imo sale commit | claim | refund | status`: an investor's side of an IMO sale. */
export function registerSaleCommands(program: Command): void {
  const group = program
    .command('sale')
    .description("join a model's IMO sale, claim tokens and any excess, take a refund, see where it stands");

  group
    .command('commit')
    .description('commit ETH to an open sale (allotted pro rata at the fixed price if it is oversubscribed)')
    .argument('<modelId>', 'the model', parseId)
    .requiredOption('--amount <eth>', 'how much ETH to commit', parseEth)
    .option(
      '--proof <json>',
      'the allowlist proof (a JSON array of hashes) if the sale has an allowlist',
      parseProof,
      [],
    )
    .action(async (modelId: bigint, opts: { amount: bigint; proof: string[] }, cmd: Command) => {
      const session = await openSession(cmd.optsWithGlobals<GlobalOptions>(), true);
      try {
        const { sale } = await saleOf(session, modelId);
        const receipt = await sendTransaction(session.out, `commit ${formatEth(opts.amount)}`, () =>
          sale.commit(opts.proof, { value: opts.amount }),
        );
        const total = await sale.commitmentOf(session.account!);
        session.out.result({ modelId, committed: opts.amount, total, txHash: receipt.hash }, () => [
          `committed ${formatEth(opts.amount)} to model #${modelId}'s sale; your commitment is ${formatEth(total)}`,
        ]);
      } finally {
        session.close();
      }
    });

  group
    .command('claim')
    .description(
      'after a successful sale: receive your tokens (with the revenue they earned in the sale) and any excess ETH',
    )
    .argument('<modelId>', 'the model', parseId)
    .action(async (modelId: bigint, _opts: unknown, cmd: Command) => {
      const session = await openSession(cmd.optsWithGlobals<GlobalOptions>(), true);
      try {
        const { sale, symbol } = await saleOf(session, modelId);
        const [tokens, refund] = await sale.allotmentOf(session.account!);
        const receipt = await sendTransaction(session.out, 'claim tokens', () => sale.claimTokens());
        session.out.result({ modelId, tokens, refund, txHash: receipt.hash }, () => [
          `claimed ${formatTokens(tokens, symbol)}${refund > 0n ? ` and ${formatEth(refund)} of excess` : ''} from model #${modelId}'s sale`,
        ]);
      } finally {
        session.close();
      }
    });

  group
    .command('refund')
    .description('after a sale that missed its soft cap: take your whole commitment back')
    .argument('<modelId>', 'the model', parseId)
    .action(async (modelId: bigint, _opts: unknown, cmd: Command) => {
      const session = await openSession(cmd.optsWithGlobals<GlobalOptions>(), true);
      try {
        const { sale } = await saleOf(session, modelId);
        const amount = await sale.commitmentOf(session.account!);
        const receipt = await sendTransaction(session.out, 'refund', () => sale.refund());
        session.out.result({ modelId, refund: amount, txHash: receipt.hash }, () => [
          `refunded ${formatEth(amount)} from model #${modelId}'s sale`,
        ]);
      } finally {
        session.close();
      }
    });

  group
    .command('status')
    .description("a sale's terms, progress and state, and an account's commitment and allotment")
    .argument('<modelId>', 'the model', parseId)
    .option(
      '--account <address>',
      'whose commitment to show (default: the key’s address, if one is given)',
      parseAddress,
    )
    .action(async (modelId: bigint, opts: { account?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const keyGiven =
        g.devAccount !== undefined || g.keyFile !== undefined || g.keystore !== undefined || !!process.env.IMO_KEY;
      const session = await openSession(g, !opts.account && keyGiven);
      try {
        const { sale, symbol, address } = await saleOf(session, modelId);
        const [terms, state, committed] = await Promise.all([sale.terms(), sale.state(), sale.totalCommitted()]);
        const account = opts.account ?? session.account;
        const mine = account
          ? await Promise.all([sale.commitmentOf(account), sale.allotmentOf(account), sale.hasClaimed(account)])
          : undefined;
        const stateName = SALE_STATES[Number(state)]!;
        const value = {
          modelId,
          sale: address,
          state: stateName,
          totalCommitted: committed,
          terms: {
            price: terms.price,
            softCap: terms.softCap,
            hardCap: terms.hardCap,
            walletCap: terms.walletCap,
            start: Number(terms.start),
            end: Number(terms.end),
            saleSupply: terms.saleSupply,
          },
          ...(mine && account
            ? { account, commitment: mine[0], allotment: { tokens: mine[1][0], refund: mine[1][1] }, claimed: mine[2] }
            : {}),
        };
        session.out.result(value, () => [
          `model #${modelId} sale ${address}: ${stateName}`,
          `committed   ${formatEth(committed)} of soft cap ${formatEth(terms.softCap)}, hard cap ${formatEth(terms.hardCap)}`,
          `price       ${formatEth(terms.price, 6)} per ${symbol}; ${formatTokens(terms.saleSupply, symbol)} for sale; wallet cap ${formatEth(terms.walletCap)}`,
          `window      ${formatTimestamp(terms.start)} to ${formatTimestamp(terms.end)}`,
          ...(mine && account
            ? [
                `${account}: committed ${formatEth(mine[0])}; if the sale ended now: ${formatTokens(mine[1][0], symbol)} and ${formatEth(mine[1][1])} back${mine[2] ? ' (claimed)' : ''}`,
              ]
            : []),
        ]);
      } finally {
        session.close();
      }
    });
}
