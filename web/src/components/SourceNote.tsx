/** Says where a history came from, and what is missing without the oracle node. */
export function SourceNote({ source, what }: { source: 'node' | 'chain' | undefined; what: string }) {
  if (!source) return null;
  return (
    <p className="small muted source-note">
      {source === 'node'
        ? `${what} from the oracle node's index.`
        : `${what} read from chain events (no oracle node answering): timings beyond block times and operator details of older requests need the node.`}
    </p>
  );
}
