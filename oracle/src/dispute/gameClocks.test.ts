import { describe, expect, it } from 'vitest';
import { clocksAt, replayClocks } from './gameClocks';

const RULES = { openedAt: 1000, clockBudget: 300, inclusionDelay: 15 };

describe('replayClocks', () => {
  it('charges each mover the time since the previous move', () => {
    const clocks = replayClocks(
      RULES,
      [
        { by: 'proposer', at: 1010 },
        { by: 'proposer', at: 1030 },
        { by: 'challenger', at: 1100 },
      ],
      'proposer',
    );
    expect(clocks).toEqual({ proposer: 270, challenger: 230, lastMoveAt: 1100 });
  });

  it('tops the next mover up to the inclusion delay when its clock is lower', () => {
    const clocks = replayClocks(
      RULES,
      [
        { by: 'proposer', at: 1295 },
        { by: 'challenger', at: 1296 },
      ],
      'proposer',
    );
    // The proposer spent 295 s (5 left), then was topped up to 15 when the turn came back to it.
    expect(clocks.proposer).toBe(15);
    expect(clocks.challenger).toBe(299);
  });

  it('runs only the mover’s clock between moves', () => {
    const clocks = replayClocks(RULES, [{ by: 'proposer', at: 1010 }], 'challenger');
    expect(clocksAt(clocks, 'challenger', 1050)).toEqual({ proposer: 290, challenger: 260 });
    expect(clocksAt(clocks, 'challenger', 2000)).toEqual({ proposer: 290, challenger: 0 });
    expect(clocksAt(clocks, null, 2000)).toEqual({ proposer: 290, challenger: 300 });
    // a chain time estimated before the last move's block never adds time
    expect(clocksAt(clocks, 'challenger', 1000)).toEqual({ proposer: 290, challenger: 300 });
  });
});
