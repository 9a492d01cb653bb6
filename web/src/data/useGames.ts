import { useQuery } from '@tanstack/react-query';
import { useProtocol } from '../app/ProtocolContext';
import { readGame, readGames } from './chain/readGames';
import { fetchNodeJson } from './node/nodeApi';
import { gamesFromNode } from './node/nodeShapes';
import type { GameSummary } from './types';

/** Every dispute game: the node's index when it answers (`/games`), the game's events otherwise. */
export function useGames() {
  const { client, deployment, nodeUrl } = useProtocol();
  return useQuery({
    queryKey: ['games', deployment.chainId],
    refetchInterval: 5_000,
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<{ games: GameSummary[]; source: 'node' | 'chain' }> => {
      if (nodeUrl) {
        try {
          return { games: gamesFromNode(await fetchNodeJson(nodeUrl, '/games?limit=100')), source: 'node' };
        } catch {
          // fall back to the chain
        }
      }
      return { games: await readGames(client, deployment), source: 'chain' };
    },
  });
}

/**
 * One game with its moves, clocks and settlement, from the chain (the moves' transactions, receipts
 * and the live state must be exact: a participant moves from this page). Refreshed every 2 s.
 */
export function useGame(id: bigint | undefined) {
  const { client, deployment } = useProtocol();
  return useQuery({
    queryKey: ['game', deployment.chainId, id?.toString()],
    enabled: id !== undefined,
    refetchInterval: 2_000,
    placeholderData: (previous) => previous,
    queryFn: async () => (await readGame(client, deployment, id!)) ?? null,
  });
}
