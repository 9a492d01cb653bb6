import { ERRORS_INTERFACE } from './contractEvents';

/** A custom error decoded from revert data: `OracleNotPrimary(0x…, 0x…, 1700000020)`. */
export interface DecodedRevert {
  name: string;
  args: string[];
  /** The error as one string, for logs and the job record. */
  text: string;
}

/**
 * What an RPC failure means for the caller:
 * - `revert`: the contract refused (the decoded custom error says why; may be undecodable);
 * - `retryable`: a network, timeout, rate-limit or node-side failure: back off and try again;
 * - `nonce`: the nonce was used or is too far ahead: resync and check the chain before re-sending;
 * - `underpriced`: the fee is too low to replace or enter the pool: bump it;
 * - `funds`: the signer cannot pay for gas (the operator must top it up);
 * - `fatal`: anything else (a malformed transaction): do not retry as is.
 */
export type RpcErrorKind = 'revert' | 'retryable' | 'nonce' | 'underpriced' | 'funds' | 'fatal';

export interface ClassifiedError {
  kind: RpcErrorKind;
  message: string;
  revert?: DecodedRevert;
}

/** Revert data (0x + selector + args) carried by an ethers error, wherever the provider put it. */
function revertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): string | undefined => {
    if (depth > 6 || value === null || typeof value !== 'object' || seen.has(value)) return undefined;
    seen.add(value);
    const v = value as Record<string, unknown>;
    if (typeof v.data === 'string' && /^0x[0-9a-fA-F]{8}/.test(v.data)) return v.data;
    for (const key of ['error', 'info', 'cause', 'data', 'payload']) {
      const found = visit(v[key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return visit(error, 0);
}

/**
 * Decodes revert data against every custom error of the protocol's contracts.
 *
 * @example
 * decodeRevert('0x…') // { name: 'OracleDrawNotReady', args: ['3', '12'], text: 'OracleDrawNotReady(3, 12)' }
 */
export function decodeRevert(data: string): DecodedRevert | undefined {
  try {
    const parsed = ERRORS_INTERFACE.parseError(data);
    if (!parsed) return undefined;
    const args = parsed.args.map((a: unknown) => String(a));
    return { name: parsed.name, args, text: `${parsed.name}(${args.join(', ')})` };
  } catch {
    return undefined;
  }
}

/** The most specific message of an ethers error: the node's own JSON-RPC error message when there is one. */
function messageOf(error: unknown): string {
  const e = error as {
    shortMessage?: string;
    message?: string;
    error?: { message?: string };
    info?: { error?: { message?: string } };
  };
  return e.info?.error?.message ?? e.error?.message ?? e.shortMessage ?? e.message ?? String(error);
}

/**
 * Sorts an error from ethers / the RPC into what the node does about it (see `RpcErrorKind`),
 * with the decoded custom error when the contract reverted.
 *
 * @example
 * const { kind, revert } = classifyRpcError(error);
 * if (kind === 'retryable') await backOff();
 */
export function classifyRpcError(error: unknown): ClassifiedError {
  const data = revertData(error);
  const message = messageOf(error);
  if (data) {
    const revert = decodeRevert(data);
    return { kind: 'revert', message: revert?.text ?? message, revert };
  }
  const code = (error as { code?: unknown }).code;
  const text = message.toLowerCase();
  if (code === 'CALL_EXCEPTION' || /revert/.test(text)) return { kind: 'revert', message };
  if (code === 'INSUFFICIENT_FUNDS' || /insufficient funds|sender doesn't have enough funds/.test(text)) {
    return { kind: 'funds', message };
  }
  if (code === 'NONCE_EXPIRED' || /nonce too (low|high)|nonce has already been used|invalid nonce/.test(text)) {
    return { kind: 'nonce', message };
  }
  if (
    code === 'REPLACEMENT_UNDERPRICED' ||
    /underpriced|fee too low|max fee per gas less than block base fee/.test(text)
  ) {
    return { kind: 'underpriced', message };
  }
  if (
    code === 'NETWORK_ERROR' ||
    code === 'TIMEOUT' ||
    code === 'SERVER_ERROR' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    /timeout|timed out|econnrefused|econnreset|socket hang up|fetch failed|network|rate limit|429|502|503|504|header not found/.test(
      text,
    )
  ) {
    return { kind: 'retryable', message };
  }
  if (/already known|known transaction/.test(text)) return { kind: 'nonce', message };
  return { kind: 'fatal', message };
}
