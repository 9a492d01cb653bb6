/**
 * An address or hash in its short form: the first 6 and the last 4 characters.
 *
 * @example
 * shortHex('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'); // '0x7099…79C8'
 */
export function shortHex(value: string, head = 6, tail = 4): string {
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`;
}
