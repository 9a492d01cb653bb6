import { useQuery } from '@tanstack/react-query';
import { useProtocol } from '../app/ProtocolContext';
import { fetchNodeJson } from './node/nodeApi';

/** Whether the oracle node's API answers (`GET /health`), rechecked every 15 s; null when none is configured. */
export function useNodeStatus(): { url: string | null; online: boolean; checked: boolean } {
  const { nodeUrl } = useProtocol();
  const { data, isFetched } = useQuery({
    queryKey: ['node-health', nodeUrl],
    enabled: nodeUrl !== null,
    queryFn: async () => {
      await fetchNodeJson(nodeUrl!, '/health');
      return true;
    },
    retry: false,
    refetchInterval: 15_000,
  });
  return { url: nodeUrl, online: data === true, checked: nodeUrl === null || isFetched };
}
