import { asSentence } from '../../format/asSentence';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { parseEther } from 'viem';
import { useProtocol } from '../../app/ProtocolContext';
import { modelTokenAbi } from '../../contracts/generated';
import type { Holding } from '../../data/chain/readPortfolio';
import { formatEth, formatTokens } from '@imo/oracle/format/formatAmount';
import { TransactionButton } from '../../tx/TransactionButton';

/** Burn tokens for their share of the redemption reserve (ERC-7641), showing what you get first. */
export function BurnRedeem({ holding }: { holding: Holding }) {
  const { client } = useProtocol();
  const [text, setText] = useState('');
  const id = useId();
  const symbol = holding.model.token.symbol;
  let amount: bigint | undefined;
  let error: string | undefined;
  const typed = text.trim();
  if (typed !== '' && !/^(\d+\.?\d{0,18}|\.\d{1,18})$/.test(typed)) error = 'enter a number of tokens, like 100';
  else if (typed !== '') {
    amount = parseEther(typed);
    if (amount === 0n) error = 'enter an amount above zero';
    else if (amount > holding.balance) error = `you hold ${formatTokens(holding.balance, symbol)}`;
  }
  const quote = useQuery({
    queryKey: ['redeemable', holding.model.token.address, amount?.toString()],
    enabled: amount !== undefined && error === undefined,
    queryFn: () =>
      client.readContract({
        address: holding.model.token.address,
        abi: modelTokenAbi,
        functionName: 'redeemableOnBurn',
        args: [amount!],
      }),
  });
  return (
    <div className="burn">
      <div className="field inline">
        <label htmlFor={id}>Burn {symbol}</label>
        <input
          id={id}
          inputMode="decimal"
          value={text}
          placeholder="amount"
          aria-invalid={error !== undefined}
          aria-describedby={`${id}-quote`}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="button" className="link-button" onClick={() => setText(formatUnitsPlain(holding.balance))}>
          max
        </button>
      </div>
      <span id={`${id}-quote`} className={error ? 'field-error' : 'hint'} role={error ? 'alert' : undefined}>
        {error
          ? asSentence(error)
          : quote.data !== undefined
            ? `You get ${formatEth(quote.data)} from the reserve; your earned revenue stays claimable.`
            : `Burning all pays ${formatEth(holding.redeemableAll)}.`}
      </span>
      <TransactionButton
        variant="secondary"
        disabled={amount === undefined || error !== undefined}
        calls={() => ({
          address: holding.model.token.address,
          abi: modelTokenAbi,
          functionName: 'burn',
          args: [amount!],
        })}
        labels={{ action: `Burn ${text} ${symbol}`, done: `Burned ${text} ${symbol}` }}
        onConfirmed={() => setText('')}
      >
        Burn and redeem
      </TransactionButton>
    </div>
  );
}

function formatUnitsPlain(value: bigint): string {
  const whole = value / 10n ** 18n;
  const fraction = (value % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}
