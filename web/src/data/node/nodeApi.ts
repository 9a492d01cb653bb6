import { AppError } from '../../errors';

const TIMEOUT_MS = 3000;

/**
 * GET a path of the oracle node's API (`docs/oracle-node.md`), as JSON; throws `NODE_UNAVAILABLE`
 * when it does not answer in time or answers an error, so the caller falls back to the chain.
 *
 * @example
 * const health = await fetchNodeJson(nodeUrl, '/health');
 */
export async function fetchNodeJson(nodeUrl: string, path: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${nodeUrl}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS), mode: 'cors' });
  } catch (cause) {
    throw new AppError('NODE_UNAVAILABLE', `the oracle node at ${nodeUrl} did not answer ${path}`, { cause });
  }
  if (!res.ok) throw new AppError('NODE_UNAVAILABLE', `the oracle node answered ${path} with ${res.status}`);
  return res.json();
}
