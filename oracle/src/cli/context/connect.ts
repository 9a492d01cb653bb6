import fs from 'node:fs';
import path from 'node:path';
import { HDNodeWallet, JsonRpcProvider, Wallet, type Signer } from 'ethers';
import { deploymentSchema, type Deployment } from '../../../../scripts/deploy/deployments';
import {
  AIOracle__factory,
  LaunchFactory__factory,
  ModelRegistry__factory,
  OpmlDisputeGame__factory,
  type AIOracle,
  type LaunchFactory,
  type ModelRegistry,
  type OpmlDisputeGame,
} from '../../../../typechain-types';
import { badArgument, CliError } from '../CliError';
import { Output } from './output';

/** The options every command takes (flags, else the environment). */
export interface GlobalOptions {
  rpc?: string;
  keyFile?: string;
  keystore?: string;
  devAccount?: number;
  deployment?: string;
  json?: boolean;
}

/** Hardhat's public test mnemonic: the dev accounts exist on the local chain only. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
const LOCAL_CHAIN_ID = 31337n;
const DEFAULT_RPC = 'http://127.0.0.1:8545';
const KEY = /^(0x)?[0-9a-fA-F]{64}$/;

/** Where deployments are read from and written to: `IMO_DEPLOYMENTS_DIR` or the repository's `deployments/`. */
export function deploymentsDir(): string {
  return process.env.IMO_DEPLOYMENTS_DIR ?? path.join(__dirname, '..', '..', '..', '..', 'deployments');
}

/** The RPC URL: `--rpc`, else `IMO_RPC_URL`, else `npm start`'s `http://127.0.0.1:8545`. */
export function rpcUrlOf(options: GlobalOptions): string {
  const url = options.rpc ?? process.env.IMO_RPC_URL ?? DEFAULT_RPC;
  if (!/^(https?|wss?):\/\/\S+$/.test(url))
    throw badArgument(`--rpc: expected an http(s):// or ws(s):// URL, got "${url}"`);
  return url;
}

/** A provider on the RPC, checked to answer; its chain id. */
export async function connectProvider(options: GlobalOptions): Promise<{ provider: JsonRpcProvider; chainId: bigint }> {
  const url = rpcUrlOf(options);
  const provider = new JsonRpcProvider(url, undefined, { pollingInterval: 500, cacheTimeout: -1 });
  try {
    const network = await Promise.race([
      provider.getNetwork(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 10 s')), 10_000)),
    ]);
    return { provider, chainId: network.chainId };
  } catch (error) {
    provider.destroy();
    throw new CliError(
      'FAILED',
      `cannot reach the RPC at ${url} (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); start one (npm start) or pass --rpc`,
    );
  }
}

async function readKeystore(file: string): Promise<Wallet | HDNodeWallet> {
  if (!fs.existsSync(file)) throw badArgument(`--keystore: ${file} does not exist`);
  const password = process.env.IMO_KEYSTORE_PASSWORD;
  if (password === undefined) throw badArgument('--keystore needs its password in IMO_KEYSTORE_PASSWORD');
  try {
    return await Wallet.fromEncryptedJson(fs.readFileSync(file, 'utf8'), password);
  } catch {
    throw badArgument(`--keystore: ${file} is not an encrypted JSON keystore, or the password is wrong`);
  }
}

function keyWallet(key: string, where: string): Wallet {
  const trimmed = key.trim();
  if (!KEY.test(trimmed))
    throw badArgument(`${where} is not a 32-byte hex private key (64 hex digits, optionally 0x-prefixed)`);
  return new Wallet(trimmed.startsWith('0x') ? trimmed : `0x${trimmed}`);
}

/**
 * The wallet the options name, not connected: `--dev-account <n>` (Hardhat's public test accounts),
 * `--key-file`, `--keystore` (password in `IMO_KEYSTORE_PASSWORD`), else `IMO_KEY` or `IMO_KEYSTORE`;
 * undefined when none is given. A raw key is never taken as a flag value (it would show in the
 * process list).
 */
export async function walletOf(options: GlobalOptions): Promise<Wallet | HDNodeWallet | undefined> {
  const given = [
    options.devAccount !== undefined,
    options.keyFile !== undefined,
    options.keystore !== undefined,
  ].filter(Boolean).length;
  if (given > 1) throw badArgument('give one of --dev-account, --key-file and --keystore');
  if (options.devAccount !== undefined) {
    if (options.devAccount > 19)
      throw badArgument(`--dev-account: the local chain has dev accounts 0 to 19, not ${options.devAccount}`);
    return HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${options.devAccount}`);
  }
  if (options.keyFile !== undefined) {
    if (!fs.existsSync(options.keyFile)) throw badArgument(`--key-file: ${options.keyFile} does not exist`);
    return keyWallet(fs.readFileSync(options.keyFile, 'utf8'), `the key in ${options.keyFile}`);
  }
  if (options.keystore !== undefined) return readKeystore(options.keystore);
  if (process.env.IMO_KEY) return keyWallet(process.env.IMO_KEY, 'IMO_KEY');
  if (process.env.IMO_KEYSTORE) return readKeystore(process.env.IMO_KEYSTORE);
  return undefined;
}

/** The signer of {@link walletOf}, connected; a command that sends transactions needs one. */
export async function signerOf(options: GlobalOptions, provider: JsonRpcProvider, chainId: bigint): Promise<Signer> {
  const wallet = await walletOf(options);
  if (!wallet) {
    throw badArgument(
      'this command sends transactions: give a key (--key-file, --keystore, IMO_KEY, or --dev-account on the local chain)',
    );
  }
  if (options.devAccount !== undefined && chainId !== LOCAL_CHAIN_ID) {
    throw badArgument(`--dev-account works on the local chain (31337) only; this RPC is chain ${chainId}`);
  }
  return wallet.connect(provider);
}

/** The deployment of a chain: `--deployment <file>`, else `<deployments dir>/<chainId>.json`. */
export function readDeploymentFile(options: GlobalOptions, chainId: bigint): Deployment {
  const file = options.deployment ?? path.join(deploymentsDir(), `${chainId}.json`);
  if (!fs.existsSync(file)) {
    throw new CliError(
      'FAILED',
      `no deployment for chain ${chainId}: ${file} does not exist (run npm start, imo deploy, or pass --deployment)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw badArgument(`--deployment: ${file} is not valid JSON`);
  }
  const parsed = deploymentSchema.safeParse(json);
  if (!parsed.success)
    throw badArgument(
      `--deployment: ${file} is not a deployment (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
    );
  if (BigInt(parsed.data.chainId) !== chainId) {
    throw badArgument(`--deployment: ${file} is for chain ${parsed.data.chainId}, but the RPC is chain ${chainId}`);
  }
  return parsed.data;
}

/** Everything a command on a deployed protocol needs. */
export interface Session {
  out: Output;
  provider: JsonRpcProvider;
  chainId: bigint;
  deployment: Deployment;
  /** The signer, when the command sends transactions. */
  signer?: Signer;
  account?: string;
  registry: ModelRegistry;
  factory: LaunchFactory;
  oracle: AIOracle;
  game?: OpmlDisputeGame;
  close(): void;
}

/**
 * Connects to the RPC and the chain's deployment (with a signer when `withSigner`), with contract
 * handles connected to the signer (or the provider).
 */
export async function openSession(options: GlobalOptions, withSigner: boolean): Promise<Session> {
  const out = new Output(options.json === true);
  const { provider, chainId } = await connectProvider(options);
  try {
    const signer = withSigner ? await signerOf(options, provider, chainId) : undefined;
    const deployment = readDeploymentFile(options, chainId);
    const runner = signer ?? provider;
    const c = deployment.contracts;
    return {
      out,
      provider,
      chainId,
      deployment,
      signer,
      account: signer ? await signer.getAddress() : undefined,
      registry: ModelRegistry__factory.connect(c.ModelRegistry, runner),
      factory: LaunchFactory__factory.connect(c.LaunchFactory, runner),
      oracle: AIOracle__factory.connect(c.AIOracle, runner),
      game: c.OpmlDisputeGame ? OpmlDisputeGame__factory.connect(c.OpmlDisputeGame, runner) : undefined,
      close: () => provider.destroy(),
    };
  } catch (error) {
    provider.destroy();
    throw error;
  }
}
