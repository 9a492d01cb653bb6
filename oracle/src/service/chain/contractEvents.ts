import { Interface, getAddress, type ErrorFragment, type EventFragment, type ParamType } from 'ethers';
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

/**
 * Each contract kind's events by topic, hashed once (ethers recomputes an event's topic hash on
 * every access, which made `parseLog` the node's costliest call per request).
 */
const EVENTS_BY_TOPIC = Object.fromEntries(
  (Object.keys(CONTRACT_INTERFACES) as ContractKind[]).map((kind) => {
    const byTopic = new Map<string, EventFragment>();
    CONTRACT_INTERFACES[kind].forEachEvent((fragment) => byTopic.set(fragment.topicHash, fragment));
    return [kind, byTopic];
  }),
) as Record<ContractKind, Map<string, EventFragment>>;

/** A JSON value as event arguments are stored: small integers as numbers, the rest as decimal strings. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A log as `eth_getLogs` returns it (numbers as hex quantities). */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

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
 * const ev = decodeLog('oracle', rawLog); // { name: 'Requested', args: { requestId: '1', … } }
 */
export function decodeLog(kind: ContractKind, log: RawLog): DecodedEvent | undefined {
  const fragment = EVENTS_BY_TOPIC[kind].get(log.topics[0] ?? '');
  if (!fragment) return undefined;
  let decoded;
  try {
    decoded = CONTRACT_INTERFACES[kind].decodeEventLog(fragment, log.data, log.topics);
  } catch {
    return undefined;
  }
  const args: Record<string, JsonValue> = {};
  fragment.inputs.forEach((input, i) => {
    args[input.name || String(i)] = toJson(decoded[i], input);
  });
  return {
    blockNumber: Number(log.blockNumber),
    logIndex: Number(log.logIndex),
    blockHash: log.blockHash,
    txHash: log.transactionHash,
    address: getAddress(log.address),
    contract: kind,
    name: fragment.name,
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
