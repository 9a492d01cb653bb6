const UNITS: [number, string][] = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'min'],
  [1, 's'],
];

/**
 * A duration in its two largest units.
 *
 * @example
 * formatDuration(90_061); // '1 d 1 h'
 * formatDuration(42);     // '42 s'
 */
export function formatDuration(seconds: number | bigint): string {
  let left = Math.max(0, Math.floor(Number(seconds)));
  if (left === 0) return '0 s';
  const parts: string[] = [];
  for (const [size, unit] of UNITS) {
    if (left >= size && parts.length < 2) {
      parts.push(`${Math.floor(left / size)} ${unit}`);
      left %= size;
    } else if (parts.length > 0) break;
  }
  return parts.join(' ');
}

/**
 * A chain timestamp (seconds) as a date and time, in UTC so every reader sees the same moment.
 *
 * @example
 * formatTimestamp(1767225600); // '2026-01-01 00:00 UTC'
 */
export function formatTimestamp(timestamp: number | bigint): string {
  const d = new Date(Number(timestamp) * 1000);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
