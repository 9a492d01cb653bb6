import { useQuery } from '@tanstack/react-query';
import type { Address } from 'viem';
import { useProtocol } from '../app/ProtocolContext';
import { readPortfolio } from './chain/readPortfolio';
import { useModels } from './useModels';

/** The connected account's portfolio, refreshed every few seconds and after each transaction. */
export function usePortfolio(account: Address | undefined) {
  const { client, deployment } = useProtocol();
  const models = useModels();
  return useQuery({
    queryKey: ['portfolio', deployment.chainId, account, models.dataUpdatedAt],
    enabled: account !== undefined && models.data !== undefined,
    refetchInterval: 5_000,
    placeholderData: (previous) => previous,
    queryFn: () => readPortfolio(client, deployment, models.data!, account!),
  });
}
