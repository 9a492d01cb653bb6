import type { HDAccount } from 'viem/accounts';

/**
 * Hardhat's (and Anvil's) public development mnemonic. Its keys are known to everyone: they exist
 * only to drive the local chain (the app offers them as burner wallets there and nowhere else).
 */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** How many dev accounts the wallet menu offers (the demo uses 0–7; 8 and 9 start empty-handed). */
export const DEV_ACCOUNT_COUNT = 10;

/** What the demo (`scripts/deploy/seedDemo.ts`) gives each dev account, for the wallet menu. */
export const DEV_ACCOUNT_ROLES: Record<number, string> = {
  0: 'deployer, treasury',
  1: 'developer of digits',
  2: 'developer of digits-lite',
  3: 'investor alice',
  4: 'investor bob',
  5: 'investor carol',
  6: 'oracle operator',
  7: 'developer of kjv-textgen',
};

/**
 * The dev account at `index` (BIP-44 path m/44'/60'/0'/0/index), derived on demand: the key
 * derivation is loaded only when a burner wallet is used.
 *
 * @example
 * (await devAccount(1)).address; // '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
 */
export async function devAccount(index: number): Promise<HDAccount> {
  const { mnemonicToAccount } = await import('viem/accounts');
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}
