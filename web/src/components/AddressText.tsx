import { shortHex } from '@imo/oracle/format/shortHex';

/** An address or hash in its short form; the full value is in the title and for screen readers. */
export function AddressText({ address, head = 6, tail = 4 }: { address: string; head?: number; tail?: number }) {
  return (
    <span className="mono" title={address}>
      <span aria-hidden="true">{shortHex(address, head, tail)}</span>
      <span className="visually-hidden">{address}</span>
    </span>
  );
}
