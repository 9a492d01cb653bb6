import { Interface, type ErrorFragment } from 'ethers';
import { ERROR_MESSAGES } from '../../format/errorMessages';
import {
  AIOracle__factory,
  DeveloperVesting__factory,
  IMOSale__factory,
  InvalidOpProver__factory,
  LaunchFactory__factory,
  ModelRegistry__factory,
  ModelToken__factory,
  OpmlDisputeGame__factory,
  PromptConsumer__factory,
} from '../../../../typechain-types';

/** Every custom error of our contracts in one interface, so a revert deep inside a call decodes. */
const ALL_ERRORS = (() => {
  const byName = new Map<string, ErrorFragment>();
  for (const factory of [
    LaunchFactory__factory,
    ModelRegistry__factory,
    ModelToken__factory,
    IMOSale__factory,
    DeveloperVesting__factory,
    AIOracle__factory,
    OpmlDisputeGame__factory,
    InvalidOpProver__factory,
    PromptConsumer__factory,
  ]) {
    new Interface(factory.abi).forEachError((e) => {
      if (!byName.has(e.name)) byName.set(e.name, e);
    });
  }
  return new Interface([...byName.values()]);
})();

function revertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { data?: unknown; info?: { error?: { data?: unknown } }; error?: unknown; cause?: unknown };
    for (const candidate of [e.data, e.info?.error?.data, (e.data as { data?: unknown } | undefined)?.data]) {
      if (typeof candidate === 'string' && /^0x[0-9a-fA-F]{8,}$/.test(candidate)) return candidate;
    }
    current = e.error ?? e.cause;
  }
  return undefined;
}

/**
 * A chain error in plain words: one of our custom errors with its values (the web app's wording,
 * `format/errorMessages.ts`), else the RPC's short message.
 *
 * @example
 * describeChainError(error); // 'the payment 0.0001 ETH is below the fee 0.0011 ETH'
 */
export function describeChainError(error: unknown): string {
  const data = revertData(error);
  if (data) {
    const parsed = ALL_ERRORS.parseError(data);
    if (parsed) {
      const args = Object.fromEntries(
        parsed.fragment.inputs.map((input, i) => [input.name || String(i), parsed.args[i]]),
      );
      const words = ERROR_MESSAGES[parsed.name];
      return words ? `${words(args)} (${parsed.name})` : `${parsed.name}(${parsed.args.map(String).join(', ')})`;
    }
  }
  const e = error as { shortMessage?: string; message?: string };
  return (e.shortMessage ?? e.message ?? String(error)).split('\n')[0]!;
}
