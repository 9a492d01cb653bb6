import { useQuery } from '@tanstack/react-query';
import { useProtocol } from '../app/ProtocolContext';
import { readHolderCount, readRecentRequests, readRevenue } from './chain/readActivity';
import { fetchNodeJson } from './node/nodeApi';
import { requestsFromNode, revenueFromNode } from './node/nodeShapes';
import type { ModelInfo, RequestSummary, RevenueBucket, RevenuePoint } from './types';

/** Where a series came from, so the page can say so. */
export type Source = 'node' | 'chain';

/** A model's revenue over time: the node's indexed series when it answers, the token's events otherwise. */
export function useRevenue(model: ModelInfo | undefined, bucket: RevenueBucket) {
  const { client, deployment, nodeUrl } = useProtocol();
  return useQuery({
    queryKey: ['revenue', deployment.chainId, model?.id, bucket],
    enabled: model !== undefined,
    refetchInterval: 15_000,
    queryFn: async (): Promise<{ points: RevenuePoint[]; source: Source }> => {
      if (nodeUrl) {
        try {
          return {
            points: revenueFromNode(
              await fetchNodeJson(nodeUrl, `/models/${model!.id}/revenue?bucket=${bucket}`),
              model!.token.reserveBps,
            ),
            source: 'node',
          };
        } catch {
          // fall back to the chain
        }
      }
      return { points: await readRevenue(client, deployment, model!.token.address, bucket), source: 'chain' };
    },
  });
}

const RECENT = 10;

/** A model's latest requests: from the node when it answers, from the oracle's events otherwise. */
export function useRecentRequests(modelId: number) {
  const { client, deployment, nodeUrl } = useProtocol();
  return useQuery({
    queryKey: ['requests', deployment.chainId, modelId],
    refetchInterval: 10_000,
    queryFn: async (): Promise<{ requests: RequestSummary[]; source: Source }> => {
      if (nodeUrl) {
        try {
          const body = await fetchNodeJson(nodeUrl, `/requests?model=${modelId}`);
          return { requests: requestsFromNode(body, modelId).slice(0, RECENT), source: 'node' };
        } catch {
          // fall back to the chain
        }
      }
      return { requests: await readRecentRequests(client, deployment, modelId, RECENT), source: 'chain' };
    },
  });
}

/** How many accounts hold a model's token. */
export function useHolderCount(model: ModelInfo | undefined) {
  const { client, deployment } = useProtocol();
  return useQuery({
    queryKey: ['holders', deployment.chainId, model?.token.address],
    enabled: model !== undefined,
    refetchInterval: 15_000,
    queryFn: () => readHolderCount(client, deployment, model!.token.address, model!.sale?.address),
  });
}
