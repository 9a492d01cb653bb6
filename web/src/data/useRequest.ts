import { useQuery } from '@tanstack/react-query';
import { readRequestRecord, type RequestReading } from '@imo/oracle/client/readRequestRecord';
import { useProtocol } from '../app/ProtocolContext';
import { viemRequestSource } from './chain/viemRequestSource';
import { fetchNodeJson } from './node/nodeApi';
import { requestExtrasFromNode, type RequestExtras } from './node/nodeShapes';

/** A request as its page shows it: the chain's record, plus what the node adds when it answers. */
export interface RequestData {
  reading: RequestReading;
  extras?: RequestExtras;
}

/**
 * One request, read from its own events (its id is an indexed topic, so this is one log query, not
 * paging) and the oracle's status; the node, when it answers, adds the primary it read and its
 * timings. Refreshed every 2 s until the request is final or cancelled.
 */
export function useRequest(id: bigint | undefined) {
  const { client, deployment, nodeUrl } = useProtocol();
  return useQuery({
    queryKey: ['request', deployment.chainId, id?.toString()],
    enabled: id !== undefined,
    refetchInterval: (query) => {
      const state = query.state.data?.reading.record.state;
      return state === 'finalized' || state === 'cancelled' ? 30_000 : 2_000;
    },
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<RequestData | null> => {
      const reading = await readRequestRecord(viemRequestSource(client, deployment), id!);
      if (!reading) return null;
      if (!nodeUrl) return { reading };
      try {
        const extras = requestExtrasFromNode(await fetchNodeJson(nodeUrl, `/requests/${id}`));
        const attempt = reading.record.attempts.at(-1)!;
        if (attempt.primary === undefined && extras.primary) attempt.primary = extras.primary;
        return { reading, extras };
      } catch {
        return { reading };
      }
    },
  });
}
