import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** What `createLogger` needs. */
export interface CreateLoggerParameters {
  level: string;
  /** "auto": pretty when stdout is a terminal, JSON otherwise. */
  format: 'auto' | 'json' | 'pretty';
  /** Where JSON lines go (default stdout). */
  destination?: NodeJS.WritableStream;
}

/**
 * Paths pino censors (at the top of a log object or one level down), so a key or password passed
 * in a log object by mistake never reaches the output.
 */
export const REDACTED_PATHS = [
  'key',
  'privateKey',
  'password',
  'keystorePassword',
  'mnemonic',
  'config.key',
  'config.keystorePassword',
  '*.key',
  '*.privateKey',
  '*.password',
  '*.keystorePassword',
  '*.mnemonic',
];

/**
 * The node's logger: pino JSON lines (or pino-pretty in a terminal), secrets redacted.
 *
 * @example
 * const log = createLogger({ level: 'info', format: 'auto' });
 * log.info({ requestId: 3 }, 'answered');
 */
export function createLogger(parameters: CreateLoggerParameters): Logger {
  const destination = parameters.destination ?? process.stdout;
  const usePretty =
    parameters.format === 'pretty' ||
    (parameters.format === 'auto' && (destination as { isTTY?: boolean }).isTTY === true);
  const options = {
    level: parameters.level,
    base: { service: 'imo-oracle-node' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (usePretty) {
    return pino(options, pretty({ destination, colorize: true, translateTime: 'SYS:HH:MM:ss.l', sync: true }));
  }
  return pino(options, destination);
}
