import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './createLogger';

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

describe('createLogger', () => {
  it('writes JSON lines and censors keys and passwords wherever they appear', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const log = createLogger({ level: 'info', format: 'json', destination: out });
    log.info(
      { key: KEY, config: { key: KEY, keystorePassword: 'hunter2' }, wallet: { privateKey: KEY }, password: 'pw' },
      'hello',
    );
    const line = JSON.parse(text.trim()) as Record<string, unknown>;
    expect(line.msg).toBe('hello');
    expect(line.key).toBe('[redacted]');
    expect(line.config).toEqual({ key: '[redacted]', keystorePassword: '[redacted]' });
    expect(line.wallet).toEqual({ privateKey: '[redacted]' });
    expect(text).not.toContain(KEY.slice(2));
    expect(text).not.toContain('hunter2');
  });
});
