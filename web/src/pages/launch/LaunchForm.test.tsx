import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { parseEther } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { LaunchForm } from './LaunchForm';
import type { LaunchLimits } from './launchLimits';
import { defaultLaunchValues, validateLaunch, type LaunchField } from '@imo/oracle/launch/launchRules';

afterEach(cleanup);

const LIMITS = {
  maxFee: parseEther('1'),
  minOperatorBps: 1000,
  maxProtocolBps: 1000,
  maxUriLength: 512,
  maxNameLength: 64,
  maxSymbolLength: 16,
  minSaleShareBps: 2000,
  maxDeveloperShareBps: 5000,
  maxLiquiditySupplyBps: 2000,
  maxLiquidityShareBps: 5000,
  maxSaleDuration: 90 * 86_400,
  maxVestingDuration: 3650 * 86_400,
  protocolFeeBps: 250,
} satisfies LaunchLimits;

/** The form with the page's wiring: values in state, errors from the rules, shown once a field is touched. */
function Harness() {
  const [values, setValues] = useState({
    ...defaultLaunchValues('digits', '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f'),
  });
  const [touched, setTouched] = useState(new Set<LaunchField>());
  const { errors } = validateLaunch(values, {
    commitment: {
      graphRoot: '0x01',
      paramsRoot: '0x02',
      io: { inputRows: 1, inputCols: 64, inputDtype: 0, outputRows: 1, outputCols: 1, outputDtype: 1 },
      opCount: 3,
      stateDepth: 2,
    },
    license: 'MIT',
    limits: LIMITS,
    now: 1_800_000_000,
  });
  return (
    <LaunchForm
      values={values}
      errors={errors}
      touched={touched}
      showAll={false}
      onChange={(name, value) => {
        setValues((v) => ({ ...v, [name]: value }));
        setTouched((t) => new Set(t).add(name));
      }}
    />
  );
}

describe('LaunchForm', () => {
  it('labels every control', () => {
    render(<Harness />);
    for (const input of screen.getAllByRole('textbox')) {
      expect(input.id).not.toBe('');
      expect(document.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    }
  });

  it('shows no error before a field is touched, even where the rules fail (empty package URI)', () => {
    render(<Harness />);
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });

  it('marks the soft cap when it exceeds the hard cap, and clears it once fixed', () => {
    render(<Harness />);
    const soft = screen.getByLabelText('Soft cap (ETH)');
    fireEvent.change(soft, { target: { value: '150' } });
    expect(screen.getByTestId('error-launch-softCap').textContent).toBe(
      'The soft cap must not exceed the hard cap (100 ETH).',
    );
    expect(soft.getAttribute('aria-invalid')).toBe('true');
    expect(soft.getAttribute('aria-describedby')).toContain('launch-softCap-error');
    fireEvent.change(soft, { target: { value: '50' } });
    expect(screen.queryByTestId('error-launch-softCap')).toBeNull();
  });

  it('says when the split does not add up to 100 %', () => {
    render(<Harness />);
    fireEvent.change(screen.getByLabelText('Token holders (%)'), { target: { value: '70' } });
    expect(screen.getByTestId('error-launch-holdersPercent').textContent).toBe(
      'The four shares must add up to 100 % (now 110 %).',
    );
  });
});
