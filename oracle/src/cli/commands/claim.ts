import type { Command } from 'commander';
import { ModelToken__factory } from '../../../../typechain-types';
import { formatEth } from '../../format/formatAmount';
import { badArgument, CliError } from '../CliError';
import { openSession, type GlobalOptions, type Session } from '../context/connect';
import { parseTokenRef } from '../context/parseArguments';
import { sendTransaction } from '../context/sendTransaction';

/** Every model token, by model id (the registry's records, a page at a time). */
async function allTokens(session: Session): Promise<{ modelId: bigint; token: string }[]> {
  const tokens: { modelId: bigint; token: string }[] = [];
  for (let from = 1n; ; from += 100n) {
    const page = await session.registry.getModels(from, 100n);
    tokens.push(...page.map((m) => ({ modelId: m.id, token: m.token })));
    if (page.length < 100) return tokens;
  }
}

/** `imo claim --token <model|address> | --all`: a holder's revenue. */
export function registerClaimCommand(program: Command): void {
  program
    .command('claim')
    .description('claim the revenue your model tokens earned (one token, or every one with something to claim)')
    .option('--token <model>', 'the model id or token address to claim from', parseTokenRef)
    .option('--all', 'claim from every model token that owes you revenue')
    .action(async (opts: { token?: ReturnType<typeof parseTokenRef>; all?: boolean }, cmd: Command) => {
      if ((opts.token === undefined) === (opts.all === undefined))
        throw badArgument('claim: give either --token <model> or --all');
      const session = await openSession(cmd.optsWithGlobals<GlobalOptions>(), true);
      try {
        const account = session.account!;
        let targets: { modelId?: bigint; token: string }[];
        if (opts.all) targets = await allTokens(session);
        else if ('address' in opts.token!) targets = [{ token: opts.token.address }];
        else {
          const modelId = opts.token!.modelId;
          const model = await session.registry.getModel(modelId).catch(() => {
            throw new CliError('FAILED', `there is no model #${modelId}`);
          });
          targets = [{ modelId, token: model.token }];
        }
        const claimed: { token: string; modelId?: bigint; amount: bigint; txHash: string }[] = [];
        for (const [i, t] of targets.entries()) {
          const token = ModelToken__factory.connect(t.token, session.signer!);
          const amount = await token.claimable(account).catch(() => {
            throw new CliError('FAILED', `${t.token} is not a model token`);
          });
          if (opts.all)
            session.out.progress(`model #${t.modelId}: ${formatEth(amount)} claimable`, i + 1, targets.length);
          if (amount === 0n) {
            if (!opts.all) throw new CliError('FAILED', `there is no revenue to claim from ${t.token} yet`);
            continue;
          }
          const receipt = await sendTransaction(session.out, `claim ${formatEth(amount)}`, () => token.claim());
          claimed.push({ ...t, amount, txHash: receipt.hash });
        }
        const total = claimed.reduce((sum, c) => sum + c.amount, 0n);
        session.out.result({ account, claimed, total }, () =>
          claimed.length === 0
            ? ['nothing to claim: no model token owes you revenue']
            : [
                ...claimed.map(
                  (c) =>
                    `claimed ${formatEth(c.amount)} from ${c.modelId !== undefined ? `model #${c.modelId}` : c.token}`,
                ),
                `total ${formatEth(total)}`,
              ],
        );
      } finally {
        session.close();
      }
    });
}
