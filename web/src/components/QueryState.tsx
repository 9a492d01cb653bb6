import type { ReactNode } from 'react';

/** Loading and error states of a query, said plainly; renders children once there is data. */
export function QueryState({
  isLoading,
  error,
  what,
  children,
}: {
  isLoading: boolean;
  error: Error | null;
  what: string;
  children: ReactNode;
}) {
  if (error)
    return (
      <p className="error" role="alert">
        Could not read {what} from the chain: {error.message.split('\n')[0]}
      </p>
    );
  if (isLoading)
    return (
      <p className="muted" role="status">
        Loading {what}…
      </p>
    );
  return <>{children}</>;
}
