import { Interface, type ErrorFragment, type Log, type ParamType } from 'ethers';
import {
  AIOracle__factory,
  IMOSale__factory,
  LaunchFactory__factory,
  ModelRegistry__factory,
  ModelToken__factory,
  OpmlDisputeGame__factory,
} from '../../../../typechain-types';

/**
 * The contracts the node follows. The four protocol contracts have fixed addresses (from the
 * deployments file); every sale and token is found through `Launched` / `ModelRegistered`.
 */
export type ContractKind = 'oracle' | 'registry' | 'factory' | 'game' | 'sale' | 'token';

/** The ABI of each kind of contract (from the typechain factories, so it follows the Solidity). */
export const CONTRACT_INTERFACES: Record<ContractKind, Interface> = {
  oracle: new Interface(AIOracle__factory.abi),
  registry: new Interface(ModelRegistry__factory.abi),
  factory: new Interface(LaunchFactory__factory.abi),
  game: new Interface(OpmlDisputeGame__factory.abi),
  sale: new Interface(IMOSale__factory.abi),
  token: new Interface(ModelToken__factory.abi),
};

/** A JSON value as event arguments are stored: small integers as numbers, the rest as decimal strings. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One decoded log of a watched contract. */
export interface DecodedEvent {
  blockNumber: number;
  logIndex: number;
  blockHash: string;
  txHash: string;
  address: string;
  contract: ContractKind;
  name: string;
  args: Record<string, JsonValue>;
}

/** Integers that fit a JavaScript number exactly are stored as numbers (uint8…uint48, int8…int48). */
function isSmallInt(type: string): boolean {
  const match = /^u?int(\d+)$/.exec(type);
  return match !== null && Number(match[1]) <= 48;
}

/**
 * A decoded ABI value as JSON, with tuple components named.
 *
 * @example
 * toJson(args[0], fragment.inputs[0]) // { index: 0, drawBlock: 75, deadline: 1796320854 }
 */
export function toJson(value: unknown, type: ParamType): JsonValue {
  if (type.isTuple()) {
    const out: Record<string, JsonValue> = {};
    const items = value as unknown[];
    type.components.forEach((component, i) => {
      out[component.name || String(i)] = toJson(items[i], component);
    });
    return out;
  }
  if (type.isArray()) return (value as unknown[]).map((item) => toJson(item, type.arrayChildren));
  if (typeof value === 'bigint') return isSmallInt(type.type) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  return String(value);
}

/**
 * Decodes a log of a contract of `kind`; `undefined` for an event not in its ABI (a contract may
 * emit events the node does not need).
 *
 * @example
 * const ev = decodeLog('oracle', log); // { name: 'Requested', args: { requestId: '1', … } }
 */
export function decodeLog(kind: ContractKind, log: Log): DecodedEvent | undefined {
  const iface = CONTRACT_INTERFACES[kind];
  let parsed;
  try {
    parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  const args: Record<string, JsonValue> = {};
  parsed.fragment.inputs.forEach((input, i) => {
    args[input.name || String(i)] = toJson(parsed.args[i], input);
  });
  return {
    blockNumber: log.blockNumber,
    logIndex: log.index,
    blockHash: log.blockHash,
    txHash: log.transactionHash,
    address: log.address,
    contract: kind,
    name: parsed.name,
    args,
  };
}

/**
 * One interface holding every custom error of the protocol's contracts, to decode revert data from
 * any of them (`OracleNotPrimary(0x…, 0x…, 1700000020)`).
 */
export const ERRORS_INTERFACE: Interface = (() => {
  const seen = new Map<string, ErrorFragment>();
  for (const iface of Object.values(CONTRACT_INTERFACES)) {
    iface.forEachError((fragment) => {
      seen.set(fragment.selector, fragment);
    });
  }
  return new Interface([...seen.values()]);
})();
