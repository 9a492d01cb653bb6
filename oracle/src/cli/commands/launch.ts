import fs from 'node:fs';
import type { Command } from 'commander';
import { ZeroAddress } from 'ethers';
import { formatEth, formatTokens, formatBps } from '../../format/formatAmount';
import { formatTimestamp } from '../../format/formatTime';
import {
  defaultLaunchValues,
  validateLaunch,
  type LaunchFormValues,
  type LaunchLimits,
} from '../../launch/launchRules';
import { computeModelHash, registryCommitment, toHex } from '../../runtime';
import { badArgument, CliError } from '../CliError';
import { openSession, type GlobalOptions, type Session } from '../context/connect';
import { describeChainError } from '../context/describeChainError';
import { readPackageDir } from '../context/modelPackage';
import { sendTransaction } from '../context/sendTransaction';

/** The launch bounds from the registry and the factory (as the web form reads them). */
async function readLaunchLimits(session: Session): Promise<LaunchLimits> {
  const { registry, factory } = session;
  const [protocol, uri, name, symbol, minSale, maxDev, maxLiqSupply, maxLiqShare, maxSale, maxVesting, feeBps] =
    await Promise.all([
      registry.protocolParams(),
      registry.MAX_URI_LENGTH(),
      registry.MAX_NAME_LENGTH(),
      registry.MAX_SYMBOL_LENGTH(),
      factory.MIN_SALE_SHARE_BPS(),
      factory.MAX_DEVELOPER_SHARE_BPS(),
      factory.MAX_LIQUIDITY_SUPPLY_BPS(),
      factory.MAX_LIQUIDITY_SHARE_BPS(),
      factory.MAX_SALE_DURATION(),
      factory.MAX_VESTING_DURATION(),
      factory.protocolFeeBps(),
    ]);
  return {
    maxFee: protocol.maxFee,
    minOperatorBps: Number(protocol.minOperatorBps),
    maxProtocolBps: Number(protocol.maxProtocolBps),
    maxUriLength: Number(uri),
    maxNameLength: Number(name),
    maxSymbolLength: Number(symbol),
    minSaleShareBps: Number(minSale),
    maxDeveloperShareBps: Number(maxDev),
    maxLiquiditySupplyBps: Number(maxLiqSupply),
    maxLiquidityShareBps: Number(maxLiqShare),
    maxSaleDuration: Number(maxSale),
    maxVestingDuration: Number(maxVesting),
    protocolFeeBps: Number(feeBps),
  };
}

/** The config file's fields as the form's strings; unknown keys and non-scalar values are bad arguments. */
function readConfig(file: string, defaults: LaunchFormValues): LaunchFormValues {
  if (!fs.existsSync(file)) throw badArgument(`--config: ${file} does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw badArgument(`--config: ${file} is not valid JSON`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw badArgument(`--config: ${file} must hold one JSON object`);
  const values = { ...defaults };
  for (const [key, value] of Object.entries(json)) {
    if (!(key in defaults)) {
      throw badArgument(
        `--config: unknown field "${key}" in ${file}; the fields are ${Object.keys(defaults).join(', ')}`,
      );
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw badArgument(`--config: "${key}" must be a string or a number, got ${JSON.stringify(value)}`);
    }
    values[key as keyof LaunchFormValues] = String(value);
  }
  return values;
}

/** `imo launch <package> --config launch.json`: register the model and open its sale in one transaction. */
export function registerLaunchCommand(program: Command): void {
  program
    .command('launch')
    .description(
      'launch a packaged model: its registration, token, sale and vesting in one transaction (checked first by the web form’s rules)',
    )
    .argument('<package>', 'the package folder (manifest.json + params.bin) packed for your address')
    .requiredOption(
      '--config <file>',
      'launch.json: the launch form’s fields (docs/cli.md#launch); fields left out take the form’s defaults',
    )
    .option('--dry-run', 'validate and print the summary without sending')
    .action(async (dir: string, opts: { config: string; dryRun?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const pkg = readPackageDir(dir);
      // the config file's own mistakes are bad arguments before anything is connected
      readConfig(opts.config, defaultLaunchValues(pkg.manifest.name, ZeroAddress));
      const session = await openSession(g, true);
      try {
        const account = session.account!;
        const m = pkg.manifest;
        const forAccount = toHex(
          computeModelHash({
            developer: account,
            graphRoot: pkg.graphTree.root,
            paramsRoot: pkg.paramsRoot,
            input: m.io.input,
            output: m.io.output,
            opCount: pkg.graph.length,
          }),
        );
        if (forAccount !== toHex(pkg.modelHash) || m.developer.toLowerCase() !== account.toLowerCase()) {
          throw badArgument(
            `this package was packed for ${m.developer}; you send from ${account}, for whom its modelHash would be ${forAccount}: pack it again with your address (imo model pack)`,
          );
        }
        const values = readConfig(opts.config, defaultLaunchValues(m.name, account));
        const [limits, block] = await Promise.all([readLaunchLimits(session), session.provider.getBlock('latest')]);
        const { errors, params } = validateLaunch(values, {
          commitment: registryCommitment(m),
          license: m.license,
          limits,
          now: block!.timestamp,
        });
        if (!params) {
          const [field, message] = Object.entries(errors)[0]!;
          const more = Object.keys(errors).length - 1;
          throw badArgument(
            `--config: ${field}: ${message}${more > 0 ? ` (and ${more} more field${more > 1 ? 's' : ''})` : ''}`,
          );
        }
        const summary = [
          `model       ${m.name} ${m.version} (${m.license}), modelHash ${toHex(pkg.modelHash)}`,
          `token       ${params.name} (${params.symbol}), supply ${formatTokens(params.saleSupply + params.developerSupply + params.liquiditySupply, params.symbol)}`,
          `sale        ${formatTokens(params.saleSupply, params.symbol)} at ${formatEth(params.sale.price, 6)} each, caps ${formatEth(params.sale.softCap)}–${formatEth(params.sale.hardCap)}, ${formatTimestamp(params.sale.start)} to ${formatTimestamp(params.sale.end)}`,
          `fee         ${formatEth(params.fee)} per inference; holders ${formatBps(params.split.holdersBps)}, developer ${formatBps(params.split.developerBps)}, operators ${formatBps(params.split.operatorBps)}, protocol ${formatBps(params.split.protocolBps)}`,
        ];
        if (opts.dryRun) {
          session.out.result({ valid: true, params }, () => ['the launch is valid (not sent):', ...summary]);
          return;
        }
        let result: [bigint, string, string, string];
        try {
          result = (await session.factory.launch.staticCall(params)) as unknown as [bigint, string, string, string];
        } catch (error) {
          throw new CliError('FAILED', `launch: ${describeChainError(error)}`, { cause: error });
        }
        const receipt = await sendTransaction(session.out, 'launch', () => session.factory.launch(params));
        const [modelId, token, sale, vesting] = result;
        session.out.result({ modelId, token, sale, vesting, txHash: receipt.hash }, () => [
          ...summary,
          `launched model #${modelId}: token ${token}, sale ${sale}, vesting ${vesting}`,
        ]);
      } finally {
        session.close();
      }
    });
}
