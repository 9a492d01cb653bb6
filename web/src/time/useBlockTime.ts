import { useEffect, useRef, useState } from 'react';
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
  const anchor = useRef<{ chain: number; local: number } | undefined>(undefined);
  const [now, setNow] = useState<number | undefined>();

  useEffect(() => {
    const tick = () => {
      const a = anchor.current;
      if (a) setNow(a.chain + Math.floor((Date.now() - a.local) / 1000));
    };
    if (block) anchor.current = { chain: Number(block.timestamp), local: Date.now() };
    const first = setTimeout(tick, 0);
    const every = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  }, [block]);

  return now;
}
