import { useQuery } from '@tanstack/react-query';
import { useProtocol } from '../app/ProtocolContext';
import { readModels } from './chain/readModels';
import { readUsage } from './chain/readActivity';
import { fetchNodeJson } from './node/nodeApi';
import { usageFromNode } from './node/nodeShapes';
import type { ModelInfo, ModelUsage } from './types';

export interface ModelsData {
  models: ModelInfo[];
  usage: Map<number, ModelUsage>;
  /** Where the request counts came from. */
  usageSource: 'node' | 'chain';
}

/**
 * Every model with its usage: state from the chain (always fresh); request counts from the oracle
 * node when it answers, from the oracle's events otherwise.
 */
export function useModels() {
  const { client, deployment, nodeUrl } = useProtocol();
  return useQuery({
    queryKey: ['models', deployment.chainId, deployment.contracts.ModelRegistry],
    refetchInterval: 10_000,
    queryFn: async (): Promise<ModelsData> => {
      const models = await readModels(client, deployment);
      const usage = await readUsage(client, deployment, models);
      if (nodeUrl) {
        try {
          const counts = usageFromNode(await fetchNodeJson(nodeUrl, '/models'));
          for (const [id, requests] of counts) {
            const u = usage.get(id);
            if (u) u.requests = requests;
          }
          return { models, usage, usageSource: 'node' };
        } catch {
          // the node is down or answers another shape: the chain's counts stand
        }
      }
      return { models, usage, usageSource: 'chain' };
    },
  });
}

/** One model (from the same query as the table, so moving between them costs nothing). */
export function useModel(id: number) {
  const query = useModels();
  const model = query.data?.models.find((m) => m.id === id);
  return { ...query, model, usage: query.data?.usage.get(id) };
}
