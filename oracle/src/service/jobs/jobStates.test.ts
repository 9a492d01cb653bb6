import { describe, expect, it } from 'vitest';
import { ACTIVE_STATES, JOB_STATES, LOCAL_TRANSITIONS, assertTransition, canTransition } from './jobStates';

describe('job states', () => {
  it('lets the node act only forward: compute, send, finalize, or give up', () => {
    expect(canTransition('queued', 'computed')).toBe(true);
    expect(canTransition('computed', 'submitting')).toBe(true);
    expect(canTransition('submitting', 'computed')).toBe(true); // a dropped transaction: send again
    expect(canTransition('submitted', 'finalizing')).toBe(true);
    expect(canTransition('queued', 'submitting')).toBe(false); // never send what was not computed
    expect(canTransition('failed', 'computed')).toBe(false);
    expect(() => assertTransition('finalized', 'submitting')).toThrow(/cannot go from finalized to submitting/);
  });

  it('leaves every terminal state to the chain alone', () => {
    for (const state of JOB_STATES) {
      if (!ACTIVE_STATES.includes(state)) expect([state, LOCAL_TRANSITIONS[state]]).toEqual([state, []]);
    }
  });
});
