import { asSentence } from '../../format/asSentence';
import { useId, useState } from 'react';
import { zeroHash, type Address } from 'viem';
import { useAccount, useBalance } from 'wagmi';
import { imoSaleAbi } from '../../contracts/generated';
import type { SalePosition } from '../../data/chain/readSale';
import type { SaleInfo } from '../../data/types';
import { formatEth, formatTokens } from '@imo/oracle/format/formatAmount';
import { TransactionButton } from '../../tx/TransactionButton';
import { parseProof, proofLeadsToRoot } from './allowlistProof';
import { checkCommitment, expectedAllotment } from './commitment';

/** Commit ETH to a running sale: amount (checked against the sale's rules), the allowlist proof if any, and what you would get. */
export function CommitForm({
  sale,
  position,
  symbol,
  now,
}: {
  sale: SaleInfo;
  position: SalePosition | undefined;
  symbol: string;
  now: number | undefined;
}) {
  const { address } = useAccount();
  const { data: balance } = useBalance({ address });
  const [amountText, setAmountText] = useState('');
  const [proofText, setProofText] = useState('');
  const [touched, setTouched] = useState(false);
  const amountId = useId();
  const proofId = useId();
  const t = sale.terms;
  const committed = position?.committed ?? 0n;
  const check = checkCommitment({
    amountText,
    committed,
    walletCap: t.walletCap,
    balance: balance?.value,
    now,
    start: t.start,
    end: t.end,
  });
  const needsProof = t.allowlistRoot !== zeroHash;
  const proof = parseProof(proofText);
  const proofError =
    !needsProof || !address
      ? undefined
      : 'error' in proof
        ? proof.error
        : !proofLeadsToRoot(address as Address, proof, t.allowlistRoot)
          ? 'this proof does not put your address on the sale’s allowlist'
          : undefined;
  const amount = 'amount' in check ? check.amount : undefined;
  const preview =
    amount !== undefined
      ? expectedAllotment(committed + amount, sale.totalCommitted + amount, t.hardCap, t.price)
      : undefined;

  return (
    <form className="form" onSubmit={(e) => e.preventDefault()} noValidate aria-labelledby="commit-heading">
      <h2 id="commit-heading">Commit</h2>
      <div className="field">
        <label htmlFor={amountId}>Amount (ETH)</label>
        <input
          id={amountId}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder="1.0"
          value={amountText}
          aria-invalid={touched && 'error' in check}
          aria-describedby={`${amountId}-hint ${amountId}-error`}
          onChange={(e) => {
            setAmountText(e.target.value);
            setTouched(true);
          }}
        />
        <span id={`${amountId}-hint`} className="hint">
          Wallet cap {formatEth(t.walletCap)}; you committed {formatEth(committed)}
          {balance ? `; balance ${formatEth(balance.value)}` : ''}.
        </span>
        {touched && 'error' in check ? (
          <span id={`${amountId}-error`} className="field-error" role="alert">
            {asSentence(check.error)}
          </span>
        ) : null}
      </div>
      {needsProof ? (
        <div className="field">
          <label htmlFor={proofId}>Allowlist proof</label>
          <textarea
            id={proofId}
            rows={3}
            placeholder='["0x…", "0x…"]'
            value={proofText}
            aria-invalid={proofError !== undefined}
            aria-describedby={`${proofId}-hint`}
            onChange={(e) => setProofText(e.target.value)}
          />
          <span id={`${proofId}-hint`} className="hint">
            This sale is for allowlisted wallets: paste the Merkle proof you were given.
          </span>
          {proofError && proofText !== '' ? (
            <span className="field-error" role="alert">
              {asSentence(proofError)}
            </span>
          ) : null}
        </div>
      ) : null}
      {preview ? (
        <p className="small note" data-testid="commit-preview">
          If the sale ended now you would get {formatTokens(preview.tokens, symbol)}
          {preview.refund > 0n ? ` and ${formatEth(preview.refund)} back (oversubscribed)` : ''} for{' '}
          {formatEth(committed + amount!)} committed in all.
        </p>
      ) : null}
      <TransactionButton
        disabled={amount === undefined || proofError !== undefined}
        calls={() => ({
          address: sale.address,
          abi: imoSaleAbi,
          functionName: 'commit',
          args: [needsProof && !('error' in proof) ? proof : []],
          value: amount!,
        })}
        labels={{
          action: amount !== undefined ? `Commit ${amountText} ETH` : 'Commit',
          done: `Committed ${amountText} ETH`,
        }}
        onConfirmed={() => {
          setAmountText('');
          setTouched(false);
        }}
      >
        Commit {amount !== undefined ? formatEth(amount) : ''}
      </TransactionButton>
    </form>
  );
}
