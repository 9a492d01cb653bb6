import type { Command } from 'commander';
import { formatEther, isAddress } from 'ethers';
import { redactUrl } from '../../chain/connectChain';
import { ModelRegistry__factory } from '../../../../../typechain-types';
import { OracleNodeError } from '../../OracleNodeError';
import { configFromOptions, withConfigOptions } from '../configOptions';
import { connectOperator, isMember } from '../connectOperator';

/** `status [address]`: an operator's standing on chain (stake, exit, credits, models) and the oracle's terms. */
export function statusCommand(program: Command): void {
  withConfigOptions(
    program
      .command('status [address]')
      .description("an operator's stake, lock, exit, credits and models (default: the configured key's address)")
      .option('--json', 'print JSON'),
  ).action(async (address: string | undefined, options: Record<string, unknown>) => {
    const { config } = configFromOptions(options);
    const { chain, oracle, wallet } = await connectOperator(config, false);
    try {
      const who = address ?? wallet?.address;
      if (!who) throw new OracleNodeError('BAD_REQUEST', 'name an address, or configure the operator key');
      if (!isAddress(who)) throw new OracleNodeError('BAD_REQUEST', `${JSON.stringify(who)}: expected an address`);
      const [op, credits, balance, cfg, block] = await Promise.all([
        oracle.operatorOf(who),
        oracle.creditOf(who),
        chain.provider.getBalance(who),
        oracle.config(),
        chain.provider.getBlock('latest'),
      ]);
      const models: string[] = [];
      const registry = ModelRegistry__factory.connect(chain.addresses.registry, chain.provider);
      const count = await registry.modelCount();
      for (let id = 1n; id <= count; id++) {
        if (await isMember(oracle, id, who)) models.push(String(id));
      }
      const report = {
        chainId: chain.chainId,
        rpc: redactUrl(config.rpcUrl),
        oracle: chain.addresses.oracle,
        operator: who,
        balance: formatEther(balance),
        stake: formatEther(op.stake),
        locked: formatEther(op.locked),
        free: formatEther(op.stake - op.locked),
        exitAt: op.exitAt === 0n ? null : Number(op.exitAt),
        credits: formatEther(credits),
        optedIn: models,
        minStake: formatEther(cfg.minStake),
        resultBond: formatEther(cfg.resultBond),
        chainTime: block?.timestamp ?? null,
      };
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      console.log(`chain ${report.chainId} (${report.rpc}), oracle ${report.oracle}`);
      console.log(`operator  ${who}`);
      console.log(`balance   ${report.balance} ETH`);
      console.log(
        `stake     ${report.stake} ETH (locked ${report.locked}, free ${report.free}; minimum ${report.minStake}, bond ${report.resultBond})`,
      );
      console.log(
        `exit      ${report.exitAt === null ? 'not exiting' : `withdrawable at ${new Date(report.exitAt * 1000).toISOString()}`}`,
      );
      console.log(`credits   ${report.credits} ETH`);
      console.log(`models    ${models.length ? models.join(', ') : '(none: run opt-in)'}`);
    } finally {
      chain.close();
    }
  });
}
