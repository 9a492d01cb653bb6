import type { ChangeEvent } from 'react';
import { FormField } from '../../components/FormField';
import type { LaunchErrors, LaunchField, LaunchFormValues } from '@imo/oracle/launch/launchRules';

interface FieldSpec {
  name: LaunchField;
  label: string;
  hint?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  placeholder?: string;
}

const SECTIONS: { legend: string; fields: FieldSpec[] }[] = [
  {
    legend: '2. Token',
    fields: [
      { name: 'tokenName', label: 'Token name' },
      { name: 'tokenSymbol', label: 'Symbol' },
      {
        name: 'reservePercent',
        label: 'Redemption reserve (% of revenue)',
        inputMode: 'decimal',
        hint: 'Holders can burn tokens for their share of it.',
      },
      {
        name: 'packageURI',
        label: 'Package URI',
        placeholder: 'https://…/manifest.json',
        hint: 'Where operators fetch the package; it is verified against the commitment before use.',
      },
    ],
  },
  {
    legend: '3. Supply split (whole tokens)',
    fields: [
      { name: 'saleSupply', label: 'For sale', inputMode: 'decimal' },
      { name: 'developerSupply', label: 'Developer (vested)', inputMode: 'decimal' },
      { name: 'liquiditySupply', label: 'Liquidity', inputMode: 'decimal' },
      { name: 'liquidityRecipient', label: 'Liquidity recipient', placeholder: '0x…' },
    ],
  },
  {
    legend: '4. Vesting of the developer tokens (from the sale’s end)',
    fields: [
      { name: 'vestingCliffDays', label: 'Cliff (days)', inputMode: 'numeric' },
      { name: 'vestingDurationDays', label: 'Duration (days)', inputMode: 'numeric' },
    ],
  },
  {
    legend: '5. Sale',
    fields: [
      { name: 'price', label: 'Price (ETH per token)', inputMode: 'decimal' },
      {
        name: 'softCap',
        label: 'Soft cap (ETH)',
        inputMode: 'decimal',
        hint: 'Below it at the end, everyone is refunded.',
      },
      { name: 'hardCap', label: 'Hard cap (ETH)', inputMode: 'decimal', hint: 'Above it, allotments are pro rata.' },
      { name: 'walletCap', label: 'Wallet cap (ETH)', inputMode: 'decimal' },
      { name: 'opensInMinutes', label: 'Opens in (minutes)', inputMode: 'numeric' },
      { name: 'durationHours', label: 'Lasts (hours)', inputMode: 'numeric' },
      { name: 'liquiditySharePercent', label: 'Liquidity share of proceeds (%)', inputMode: 'decimal' },
      { name: 'allowlistRoot', label: 'Allowlist Merkle root (optional)', placeholder: 'empty: open to all' },
    ],
  },
  {
    legend: '6. Inference fee and split',
    fields: [
      { name: 'fee', label: 'Fee per inference (ETH)', inputMode: 'decimal' },
      { name: 'holdersPercent', label: 'Token holders (%)', inputMode: 'decimal' },
      { name: 'developerPercent', label: 'Developer (%)', inputMode: 'decimal' },
      { name: 'operatorPercent', label: 'Operator (%)', inputMode: 'decimal' },
      { name: 'protocolPercent', label: 'Protocol (%)', inputMode: 'decimal' },
    ],
  },
];

/** Each field's label, for the list of fields to fix. */
export const FIELD_NAMES = Object.fromEntries(
  SECTIONS.flatMap((s) => s.fields.map((f) => [f.name, f.label])),
) as Record<LaunchField, string>;

/**
 * The launch form: token, supply split, vesting, sale terms, fee and split. Errors show per field as
 * soon as a field is touched (all of them after a submit attempt).
 */
export function LaunchForm({
  values,
  errors,
  touched,
  showAll,
  onChange,
}: {
  values: LaunchFormValues;
  errors: LaunchErrors;
  touched: ReadonlySet<LaunchField>;
  showAll: boolean;
  onChange: (name: LaunchField, value: string) => void;
}) {
  return (
    <>
      {SECTIONS.map((section) => (
        <fieldset key={section.legend} className="fieldset">
          <legend>{section.legend}</legend>
          <div className="row">
            {section.fields.map((f) => {
              const id = `launch-${f.name}`;
              const error = showAll || touched.has(f.name) ? errors[f.name] : undefined;
              return (
                <FormField key={f.name} id={id} label={f.label} hint={f.hint} error={error}>
                  <input
                    id={id}
                    name={f.name}
                    inputMode={f.inputMode}
                    placeholder={f.placeholder}
                    autoComplete="off"
                    value={values[f.name]}
                    aria-invalid={error !== undefined}
                    aria-describedby={
                      [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || undefined
                    }
                    onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(f.name, e.target.value)}
                  />
                </FormField>
              );
            })}
          </div>
        </fieldset>
      ))}
    </>
  );
}
