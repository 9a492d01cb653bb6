import { describe, expect, it } from 'vitest';
import { parseAppConfig } from './appConfig';

const contracts = {
  ModelToken: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  ModelRegistry: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  IMOSale: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  DeveloperVesting: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
  LaunchFactory: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
  AIOracle: '0x0165878A594ca255338adfa4d48449f69242Eb8F',
};

describe('parseAppConfig', () => {
  it('takes the deployments and the node URL (without a trailing slash)', () => {
    const config = parseAppConfig({
      deployments: [{ chainId: 31337, rpcUrl: 'http://127.0.0.1:8545', blockNumber: 12, contracts }],
      nodeUrl: 'http://127.0.0.1:8080/',
    });
    expect(config.nodeUrl).toBe('http://127.0.0.1:8080');
    expect(config.deployments[0]).toMatchObject({ chainId: 31337, blockNumber: 12 });
  });

  it('names the field that is wrong', () => {
    expect(() =>
      parseAppConfig({ deployments: [{ chainId: 31337, rpcUrl: 'x', contracts: { ...contracts, AIOracle: '0x12' } }] }),
    ).toThrow('deployment 1: contracts.AIOracle must be an address, found 0x12');
    expect(() => parseAppConfig({})).toThrow('imo-config.json has no deployments list');
  });
});
