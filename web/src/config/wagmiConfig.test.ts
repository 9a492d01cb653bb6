import { describe, expect, it } from 'vitest';
import { devAccount } from '../wallet/devAccounts';
import type { AppConfig, Deployment } from './appConfig';
import { createWagmiConfig } from './wagmiConfig';

const deployment = (chainId: number): Deployment => ({
  chainId,
  rpcUrl: 'http://127.0.0.1:1',
  blockNumber: 1,
  contracts: {
    ModelToken: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    ModelRegistry: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
    IMOSale: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
    DeveloperVesting: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
    LaunchFactory: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
    AIOracle: '0x0165878A594ca255338adfa4d48449f69242Eb8F',
  },
});
const app = (...chainIds: number[]): AppConfig => ({ nodeUrl: null, deployments: chainIds.map(deployment) });

describe('createWagmiConfig', () => {
  it('offers the dev accounts as burner wallets on the local chain, which comes first', () => {
    const config = createWagmiConfig(app(11155111, 31337));
    expect(config.chains.map((c) => c.id)).toEqual([31337, 11155111]);
    expect(config.connectors.filter((c) => c.type === 'burner').map((c) => c.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `burner-${i}`),
    );
  });

  it('never offers burner wallets without a local chain', () => {
    const config = createWagmiConfig(app(11155111));
    expect(config.connectors.filter((c) => c.type === 'burner')).toEqual([]);
  });

  it('says what to do when nothing is deployed', () => {
    expect(() => createWagmiConfig(app())).toThrow('no deployment found: run `npm start`');
  });
});

describe('devAccount', () => {
  it('derives Hardhat’s dev accounts', async () => {
    expect((await devAccount(0)).address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect((await devAccount(6)).address).toBe('0x976EA74026E726554dB657fA54763abd0C3a0aa9');
  });
});
