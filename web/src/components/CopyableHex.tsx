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
        {copied ? (
          '✓'
        ) : (
          <svg
            width="14"
            height="14"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <rect x="9" y="9" width="12" height="12" rx="2" />
            <path d="M5 15V5a2 2 0 0 1 2-2h10" />
          </svg>
        )}
      </button>
    </span>
  );
}
