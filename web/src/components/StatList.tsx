import type { ReactNode } from 'react';

/** Labelled figures, as a definition list. */
export function StatList({ items, className }: { items: [ReactNode, ReactNode][]; className?: string }) {
  return (
    <dl className={`stats ${className ?? ''}`}>
      {items.map(([label, value], i) => (
        <div key={i} className="stat">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
