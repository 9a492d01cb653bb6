import { createWalletClient, custom, getAddress, http, numberToHex, type Address, type Chain, type Hex } from 'viem';
import { createConnector } from 'wagmi';
import { DEV_ACCOUNT_ROLES, devAccount } from './devAccounts';

export const BURNER_TYPE = 'burner';
const CONNECTED_KEY = 'burner.connected';

/** A transaction as an EIP-1193 caller sends it (`eth_sendTransaction`'s one parameter). */
interface RpcTransaction {
  to?: Address;
  data?: Hex;
  value?: Hex;
  gas?: Hex;
}

/** The connector id of dev account `index` (the wallet menu and the tests pick burners by it). */
export function burnerId(index: number): string {
  return `burner-${index}`;
}

/**
 * A burner wallet for the local chain: dev account `index`, signing in the page with its public
 * test key (so a newcomer needs no extension). Every other JSON-RPC call goes to the chain's node.
 * Never offered for a chain other than the local one.
 *
 * @example
 * createConfig({ chains: [local], connectors: [burner(1, local)], transports: { [local.id]: http() } });
 */
export function burner(index: number, chain: Chain) {
  const url = chain.rpcUrls.default.http[0]!;
  let address: Address | undefined;

  const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
    const account = await devAccount(index);
    address = account.address;
    const wallet = createWalletClient({ account, chain, transport: http(url) });
    switch (method) {
      case 'eth_accounts':
      case 'eth_requestAccounts':
        return [account.address];
      case 'eth_chainId':
        return numberToHex(chain.id);
      case 'wallet_switchEthereumChain':
        return null;
      case 'eth_sendTransaction': {
        const [tx] = params as [RpcTransaction];
        return wallet.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gas: tx.gas ? BigInt(tx.gas) : undefined,
        });
      }
      case 'personal_sign': {
        const [message] = params as [Hex, Address];
        return account.signMessage({ message: { raw: message } });
      }
      case 'eth_signTypedData_v4': {
        const [, typed] = params as [Address, string];
        return account.signTypedData(JSON.parse(typed) as Parameters<typeof account.signTypedData>[0]);
      }
      default:
        return wallet.request({ method, params } as never);
    }
  };
  const provider = custom({ request } as Parameters<typeof custom>[0])({ chain });

  return createConnector((config) => ({
    id: burnerId(index),
    name: `Dev account ${index}${DEV_ACCOUNT_ROLES[index] ? ` (${DEV_ACCOUNT_ROLES[index]})` : ''}`,
    type: BURNER_TYPE,
    async connect(parameters) {
      const accounts = (await provider.request({ method: 'eth_requestAccounts' })) as Address[];
      await config.storage?.setItem(CONNECTED_KEY, index);
      const addresses = accounts.map((a) => getAddress(a));
      const result = parameters?.withCapabilities
        ? addresses.map((a) => ({ address: a, capabilities: {} }))
        : addresses;
      return { accounts: result as never, chainId: chain.id };
    },
    async disconnect() {
      await config.storage?.removeItem(CONNECTED_KEY);
    },
    async getAccounts() {
      return [address ?? (await devAccount(index)).address];
    },
    async getChainId() {
      return chain.id;
    },
    async getProvider() {
      return provider;
    },
    async isAuthorized() {
      return (await config.storage?.getItem(CONNECTED_KEY)) === index;
    },
    async switchChain({ chainId }) {
      if (chainId !== chain.id) throw new Error(`the dev accounts exist only on the local chain (${chain.id})`);
      return chain;
    },
    onAccountsChanged() {},
    onChainChanged() {},
    async onDisconnect() {
      config.emitter.emit('disconnect');
    },
  }));
}
