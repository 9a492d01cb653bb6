import { useQuery } from '@tanstack/react-query';
import { useProtocol } from '../app/ProtocolContext';
import { readModels } from './chain/readModels';
import { readUsage } from './chain/readActivity';
import { fetchNodeJson } from './node/nodeApi';
import { usageFromNode } from './node/nodeShapes';
import type { ModelInfo, ModelUsage } from './types';

export interface UsageData {
  usage: Map<number, ModelUsage>;
  /** Where the request counts came from. */
  source: 'node' | 'chain';
}

/** Every registered model with its token and sale, from the chain (always fresh). */
export function useModels() {
  const { client, deployment } = useProtocol();
  return useQuery({
    queryKey: ['models', deployment.chainId, deployment.contracts.ModelRegistry],
    refetchInterval: 10_000,
    queryFn: (): Promise<ModelInfo[]> => readModels(client, deployment),
  });
}

/**
 * Requests and holder revenue per model: request counts from the oracle node when it answers, from
 * the oracle's events otherwise; revenue from the tokens' events. Loaded after the models, so the
 * table shows before the history is read.
 */
export function useUsage(models: readonly ModelInfo[] | undefined) {
  const { client, deployment, nodeUrl } = useProtocol();
  return useQuery({
    queryKey: ['usage', deployment.chainId, models?.map((m) => m.id).join(',')],
    enabled: models !== undefined,
    refetchInterval: 10_000,
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<UsageData> => {
      const usage = await readUsage(client, deployment, models!);
      if (nodeUrl) {
        try {
          const counts = usageFromNode(await fetchNodeJson(nodeUrl, '/models'));
          for (const [id, requests] of counts) {
            const u = usage.get(id);
            if (u) u.requests = requests;
          }
          return { usage, source: 'node' };
        } catch {
          // the node is down or answers another shape: the chain's counts stand
        }
      }
      return { usage, source: 'chain' };
    },
  });
}

/** One model (from the same query as the table, so moving between them costs nothing) and its usage. */
export function useModel(id: number) {
  const query = useModels();
  const usage = useUsage(query.data);
  return { ...query, model: query.data?.find((m) => m.id === id), usage: usage.data?.usage.get(id) };
}
