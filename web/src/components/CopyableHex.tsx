import { useState } from 'react';
import { AddressText } from './AddressText';

/** An address or hash, short, with a button that copies the full value. */
export function CopyableHex({ value, label = 'address' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="copyable">
      <AddressText address={value} />
      <button
        type="button"
        className="icon-button"
        aria-label={`Copy ${label} ${value}`}
        title={copied ? 'Copied' : `Copy ${label}`}
        onClick={async () => {
          await navigator.clipboard?.writeText(value).catch(() => undefined);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }}
      >
        {copied ? '✓' : '⧉'}
      </button>
    </span>
  );
}
