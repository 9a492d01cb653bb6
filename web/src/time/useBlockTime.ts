import { useEffect, useState } from 'react';
import { useBlock } from 'wagmi';
import { useProtocol } from '../app/ProtocolContext';

/**
 * Chain time in seconds: the latest block's timestamp (watched), advanced by the wall clock since
 * that block arrived so countdowns tick between blocks; a new block re-anchors it, so a tab left
 * open (or a chain whose time jumps) never drifts. `undefined` until the first block is read.
 */
export function useBlockTime(): number | undefined {
  const { chainId } = useProtocol();
  const { data: block } = useBlock({ chainId, watch: true });
  const [anchor, setAnchor] = useState<{ chain: number; local: number } | undefined>();
  const [, setTick] = useState(0);

  useEffect(() => {
    if (block) setAnchor({ chain: Number(block.timestamp), local: Date.now() });
  }, [block]);
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(id);
  }, []);

  if (!anchor) return undefined;
  return anchor.chain + Math.floor((Date.now() - anchor.local) / 1000);
}
