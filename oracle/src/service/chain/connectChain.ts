import fs from 'node:fs';
import path from 'node:path';
import {
  JsonRpcProvider,
  Network,
  WebSocketProvider,
  id as keccakText,
  type JsonRpcPayload,
  type JsonRpcResult,
} from 'ethers';
import { deploymentSchema, type Deployment } from '../../../../scripts/deploy/deployments';
import { OracleNodeError } from '../OracleNodeError';
import { classifyRpcError } from './classifyRpcError';

/** The protocol contracts the node talks to. */
export interface ProtocolAddresses {
  oracle: string;
  registry: string;
  factory: string;
  game?: string;
}

/** A live connection to the chain and the deployment the node serves. */
export interface ChainConnection {
  provider: JsonRpcProvider | WebSocketProvider;
  chainId: number;
  genesisHash: string;
  deployment: Deployment;
  deploymentFile: string;
  addresses: ProtocolAddresses;
  /** A hash of the deployment's addresses and block: part of the database's identity. */
  deploymentKey: string;
  /** Closes the provider (and its socket). */
  close(): void;
}

/** What `connectChain` needs. */
export interface ConnectChainParameters {
  rpcUrl: string;
  /** When set, the RPC must report this chain id. */
  chainId?: number;
  /** The deployments file (default `deployments/<chainId>.json` under `deploymentsDir`). */
  deployments?: string;
  /** Where `deployments/<chainId>.json` is looked for (default: the working directory's `deployments/`). */
  deploymentsDir?: string;
  /** How long each JSON-RPC call may take. */
  timeoutMs?: number;
  /** Told the method of every JSON-RPC call sent (for metrics; http only). */
  onCall?: (method: string) => void;
}

/**
 * A JSON-RPC provider over http(s) that sends through Node's own fetch (native UTF-8 and JSON: ethers'
 * JavaScript UTF-8 codec cost the node more CPU than everything else it does per request) and
 * reports each call's method (to count what the node asks). Credentials in the URL become a basic
 * Authorization header.
 */
class NodeJsonRpcProvider extends JsonRpcProvider {
  onCall?: (method: string) => void;
  private readonly endpoint: string;
  private readonly headers: Record<string, string>;

  constructor(
    url: string,
    network: Network,
    options: ConstructorParameters<typeof JsonRpcProvider>[2],
    private readonly timeoutMs: number,
  ) {
    super(url, network, options);
    const u = new URL(url);
    this.headers = { 'content-type': 'application/json' };
    if (u.username || u.password) {
      const user = decodeURIComponent(u.username);
      const password = decodeURIComponent(u.password);
      this.headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      u.username = '';
      u.password = '';
    }
    this.endpoint = u.toString();
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    for (const p of Array.isArray(payload) ? payload : [payload]) this.onCall?.(p.method);
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw Object.assign(new Error(`HTTP ${res.status} from the RPC`), { code: 'SERVER_ERROR' });
    }
    const body = (await res.json()) as JsonRpcResult | JsonRpcResult[];
    return Array.isArray(body) ? body : [body];
  }
}

async function rawCall(url: string, method: string, params: unknown[], timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error) throw new Error(body.error.message ?? 'JSON-RPC error');
  return body.result;
}

/**
 * The host of a URL without credentials or path (RPC URLs often carry an API key).
 *
 * @example
 * redactUrl('https://user:key@rpc.example/v2/abc') // 'https://rpc.example'
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid URL)';
  }
}

function readDeploymentFile(file: string): Deployment {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new OracleNodeError(
      'DEPLOYMENT_INVALID',
      `cannot read deployments file ${file}: set IMO_ORACLE_DEPLOYMENTS to the file of the chain you serve`,
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new OracleNodeError('DEPLOYMENT_INVALID', `deployments file ${file} is not valid JSON`, { cause });
  }
  const parsed = deploymentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OracleNodeError(
      'DEPLOYMENT_INVALID',
      `deployments file ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/**
 * Connects to the RPC (http(s) or ws(s)), reads the chain id and genesis hash, loads the deployments
 * file and checks that it belongs to this chain and that its contracts exist there. Fails with
 * `RPC_UNAVAILABLE` (retryable) when the RPC does not answer, `CHAIN_MISMATCH` or `DEPLOYMENT_INVALID`.
 *
 * @example
 * const chain = await connectChain({ rpcUrl: 'http://127.0.0.1:8545' });
 */
export async function connectChain(parameters: ConnectChainParameters): Promise<ChainConnection> {
  const { rpcUrl, timeoutMs = 10_000 } = parameters;
  const ws = rpcUrl.startsWith('ws');
  let chainId: number;
  let provider: JsonRpcProvider | WebSocketProvider | undefined;
  try {
    if (ws) {
      provider = new WebSocketProvider(rpcUrl, undefined, { cacheTimeout: -1 });
      const network = await Promise.race([
        provider.getNetwork(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
      ]);
      chainId = Number(network.chainId);
    } else {
      chainId = Number(BigInt((await rawCall(rpcUrl, 'eth_chainId', [], timeoutMs)) as string));
      // No response cache: a nonce, receipt or head read must be fresh (ethers shares identical
      // calls made within 250 ms by default).
      const http = new NodeJsonRpcProvider(
        rpcUrl,
        Network.from(chainId),
        {
          staticNetwork: true,
          batchMaxCount: 50,
          batchStallTime: 0, // calls made together still share one HTTP request; none waits for company
          polling: true,
          cacheTimeout: -1,
        },
        Math.max(timeoutMs, 30_000),
      );
      http.onCall = parameters.onCall;
      provider = http;
    }
  } catch (cause) {
    await provider?.destroy();
    throw new OracleNodeError(
      'RPC_UNAVAILABLE',
      `the RPC at ${redactUrl(rpcUrl)} does not answer (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause, retryable: true },
    );
  }
  const close = () => void provider.destroy();
  try {
    if (parameters.chainId !== undefined && parameters.chainId !== chainId) {
      throw new OracleNodeError(
        'CHAIN_MISMATCH',
        `the RPC at ${redactUrl(rpcUrl)} serves chain ${chainId}, but chainId is set to ${parameters.chainId}`,
      );
    }
    const genesis = await provider.getBlock(0);
    if (!genesis?.hash)
      throw new OracleNodeError('RPC_ERROR', 'the RPC returned no genesis block', { retryable: true });
    const deploymentFile =
      parameters.deployments ??
      path.join(parameters.deploymentsDir ?? path.join(process.cwd(), 'deployments'), `${chainId}.json`);
    const deployment = readDeploymentFile(deploymentFile);
    if (deployment.chainId !== chainId) {
      throw new OracleNodeError(
        'CHAIN_MISMATCH',
        `deployments file ${deploymentFile} is for chain ${deployment.chainId}, but the RPC serves chain ${chainId}`,
      );
    }
    const addresses: ProtocolAddresses = {
      oracle: deployment.contracts.AIOracle,
      registry: deployment.contracts.ModelRegistry,
      factory: deployment.contracts.LaunchFactory,
      game: deployment.contracts.OpmlDisputeGame,
    };
    for (const [name, address] of Object.entries(addresses)) {
      if (!address) continue;
      const code = await provider.getCode(address);
      if (code === '0x') {
        throw new OracleNodeError(
          'DEPLOYMENT_INVALID',
          `no contract at ${name} ${address} on chain ${chainId}: ${deploymentFile} belongs to another deployment (restarted chain?)`,
        );
      }
    }
    const deploymentKey = keccakText(
      JSON.stringify([
        addresses.oracle,
        addresses.registry,
        addresses.factory,
        addresses.game ?? '',
        deployment.blockNumber,
      ]).toLowerCase(),
    );
    return {
      provider,
      chainId,
      genesisHash: genesis.hash,
      deployment,
      deploymentFile,
      addresses,
      deploymentKey,
      close,
    };
  } catch (error) {
    close();
    // a lost answer after the first one (the genesis block, a contract's code) is retried like no answer
    if (!(error instanceof OracleNodeError) && classifyRpcError(error).kind === 'retryable') {
      throw new OracleNodeError(
        'RPC_UNAVAILABLE',
        `the RPC at ${redactUrl(rpcUrl)} failed while connecting (${classifyRpcError(error).message})`,
        { cause: error, retryable: true },
      );
    }
    throw error;
  }
}
