import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { http } from 'viem';
import { mainnet } from 'viem/chains';
import { createConfig, WagmiProvider } from 'wagmi';
import { connect } from 'wagmi/actions';
import { mock } from 'wagmi/connectors';
import { afterEach, describe, expect, it } from 'vitest';
import { AppConfigProvider } from '../app/ProtocolContext';
import type { AppConfig } from '../config/appConfig';
import { chainOf } from '../config/localChain';
import { NetworkGuard } from './NetworkGuard';

afterEach(cleanup);

const APP: AppConfig = {
  nodeUrl: null,
  deployments: [
    {
      chainId: 31337,
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
    },
  ],
};

describe('NetworkGuard', () => {
  it('offers one button to switch a wallet on another chain to ours, and goes away after', async () => {
    const local = chainOf(APP.deployments[0]!);
    // The wallet (an outside thing: wagmi's mock wallet) starts on Ethereum mainnet, where we are not deployed.
    const wagmi = createConfig({
      chains: [mainnet, local],
      connectors: [mock({ accounts: ['0x90F79bf6EB2c4f870365E785982E1f101E93b906'] })],
      transports: { [mainnet.id]: http('http://127.0.0.1:1'), [local.id]: http('http://127.0.0.1:1') },
    });
    render(
      <AppConfigProvider config={APP}>
        <WagmiProvider config={wagmi}>
          <QueryClientProvider client={new QueryClient()}>
            <NetworkGuard />
          </QueryClientProvider>
        </WagmiProvider>
      </AppConfigProvider>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    await act(() => connect(wagmi, { connector: wagmi.connectors[0]! }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Your wallet is on chain 1'));
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Switch to Localhost']);
    fireEvent.click(buttons[0]!);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
