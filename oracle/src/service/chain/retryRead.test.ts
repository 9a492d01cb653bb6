import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { OracleNodeError } from '../OracleNodeError';
import { isLostAnswer, isRetryableRead, retryRead } from './retryRead';

const log = pino({ level: 'silent' });
const lost = () => Object.assign(new TypeError('fetch failed'), { cause: new Error('other side closed') });

describe('retryRead', () => {
  it('reads again after lost answers until one arrives', async () => {
    let calls = 0;
    const value = await retryRead(
      async () => {
        calls += 1;
        if (calls < 3) throw lost();
        return 42;
      },
      { what: 'a value', log, firstDelayMs: 1 },
    );
    expect(value).toBe(42);
    expect(calls).toBe(3);
  });

  it('throws a refusal at once', async () => {
    let calls = 0;
    const refusal = new OracleNodeError('DEPLOYMENT_INVALID', 'no contract at oracle');
    await expect(
      retryRead(
        async () => {
          calls += 1;
          throw refusal;
        },
        { what: 'a value', log, firstDelayMs: 1 },
      ),
    ).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });

  it('gives up after `attempts` tries with the last error', async () => {
    let calls = 0;
    await expect(
      retryRead(
        async () => {
          calls += 1;
          throw lost();
        },
        { what: 'a value', log, firstDelayMs: 1, attempts: 3 },
      ),
    ).rejects.toThrow('fetch failed');
    expect(calls).toBe(3);
  });

  it('tells a lost answer from a timeout, which is not tried again at once', () => {
    expect(isLostAnswer(lost())).toBe(true);
    expect(
      isLostAnswer(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })),
    ).toBe(false);
    expect(isLostAnswer(Object.assign(new Error('execution reverted'), { code: 'CALL_EXCEPTION' }))).toBe(false);
  });

  it('tells a lost answer from a revert', () => {
    expect(isRetryableRead(lost())).toBe(true);
    expect(isRetryableRead(new OracleNodeError('RPC_UNAVAILABLE', 'down', { retryable: true }))).toBe(true);
    expect(isRetryableRead(Object.assign(new Error('execution reverted'), { code: 'CALL_EXCEPTION' }))).toBe(false);
  });
});
