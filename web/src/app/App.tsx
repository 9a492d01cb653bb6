import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { WagmiProvider } from 'wagmi';
import type { AppConfig } from '../config/appConfig';
import { createWagmiConfig } from '../config/wagmiConfig';
import { ToastProvider } from '../tx/toasts';
import { WalletMenuProvider } from '../wallet/WalletMenuContext';
import { AppConfigProvider } from './ProtocolContext';
import { createAppRouter } from './routes';

/** The providers (config, wagmi, queries, toasts, wallet menu) around the router. */
export function App({ config }: { config: AppConfig }) {
  const [wagmi] = useState(() => createWagmiConfig(config));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: true } } }),
  );
  const [router] = useState(createAppRouter);
  return (
    <AppConfigProvider config={config}>
      <WagmiProvider config={wagmi}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <WalletMenuProvider>
              <RouterProvider router={router} />
            </WalletMenuProvider>
          </ToastProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </AppConfigProvider>
  );
}
