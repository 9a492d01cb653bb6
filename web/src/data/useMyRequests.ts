import { useQuery } from '@tanstack/react-query';
import type { Address } from 'viem';
import { useProtocol } from '../app/ProtocolContext';
import { readMyRequests } from './chain/readMyRequests';
import { fetchNodeJson } from './node/nodeApi';
import { historyFromNode } from './node/nodeShapes';
import type { HistoryItem } from './types';

/**
 * An account's request history. Its direct requests come from the oracle node's index when it
 * answers (`/requests?requester=`), those through the example consumer from the consumer's events;
 * without a node everything comes from chain events.
 */
export function useMyRequests(account: Address | undefined) {
  const { client, deployment, nodeUrl } = useProtocol();
  return useQuery({
    queryKey: ['my-requests', deployment.chainId, account],
    enabled: account !== undefined,
    refetchInterval: 5_000,
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<{ items: HistoryItem[]; source: 'node' | 'chain' }> => {
      const fromChain = await readMyRequests(client, deployment, account!);
      if (nodeUrl) {
        try {
          const direct = historyFromNode(await fetchNodeJson(nodeUrl, `/requests?requester=${account}&limit=100`));
          const outputs = new Map(fromChain.map((r) => [r.id, r.output]));
          const items = [
            ...direct.map((r) => ({ ...r, ...(outputs.get(r.id) ? { output: outputs.get(r.id) } : {}) })),
            ...fromChain.filter((r) => r.via === 'consumer'),
          ].sort((a, b) => Number(b.id - a.id));
          return { items, source: 'node' };
        } catch {
          // the node is down or answers another shape: the chain's history stands
        }
      }
      return { items: fromChain, source: 'chain' };
    },
  });
}
