import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { parseEventLogs, toHex, zeroAddress, type TransactionReceipt } from 'viem';
import type { Stroke } from '@imo/oracle/preprocessing/digitFeatures';
import { formatEth } from '@imo/oracle/format/formatAmount';
import type { TensorSpec } from '@imo/runtime/types';
import { useProtocol } from '../../app/ProtocolContext';
import { QueryState } from '../../components/QueryState';
import { StatList } from '../../components/StatList';
import { aiOracleAbi, promptConsumerAbi } from '../../contracts/generated';
import { useFeeQuote } from '../../data/useFeeQuote';
import { useModelPackage } from '../../data/useModelPackage';
import { useModels } from '../../data/useModels';
import type { IoShape } from '../../data/types';
import { TransactionButton } from '../../tx/TransactionButton';
import type { WriteCall } from '../../tx/useTransaction';
import { inputKindOf } from './inputKind';
import { DigitEditor, RawEditor, TextEditor, digitInput, rawInput, textInput, type EditedInput } from './InputEditors';

const DTYPES = ['int8', 'int32'] as const;

/** The chain's io shape as the runtime's tensor spec. */
export function inputSpecOf(io: IoShape): TensorSpec {
  return { rows: io.inputRows, cols: io.inputCols, dtype: DTYPES[io.inputDtype] ?? 'int8' };
}

/**
 * The playground: pick a model, give it an input (draw a digit, type a prompt, or bytes), see the
 * fee, pay, and follow the request on its own page.
 */
export function PlaygroundPage() {
  const { deployment } = useProtocol();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const models = useModels();
  const usable = (models.data ?? []).filter((m) => !m.frozen);
  const chosen = usable.find((m) => m.id === Number(search.get('model'))) ?? usable[0];
  const pkg = useModelPackage(chosen);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [prompt, setPrompt] = useState('In the beginning God created');
  const [raw, setRaw] = useState('');
  const hasConsumer = deployment.contracts.PromptConsumer !== undefined;
  const [via, setVia] = useState<'direct' | 'consumer'>('direct');
  const quote = useFeeQuote(chosen?.id, via);

  const manifest = pkg.data?.manifest;
  const kind = inputKindOf(manifest);
  const io = manifest?.io.input ?? (chosen ? inputSpecOf(chosen.io) : undefined);
  const edited: EditedInput | undefined = !io
    ? undefined
    : kind === 'digits'
      ? digitInput(strokes)
      : kind === 'text'
        ? textInput(prompt, io)
        : rawInput(raw, io);

  const call = (): WriteCall => {
    const input = toHex((edited as { bytes: Uint8Array }).bytes);
    const modelId = BigInt(chosen!.id);
    return via === 'consumer'
      ? {
          address: deployment.contracts.PromptConsumer!,
          abi: promptConsumerAbi,
          functionName: 'calculateAIResult',
          args: [modelId, input],
          value: quote.data!.total,
        }
      : {
          address: deployment.contracts.AIOracle,
          abi: aiOracleAbi,
          functionName: 'requestCallback',
          args: [modelId, input, zeroAddress, 0n, '0x'],
          value: quote.data!.total,
        };
  };
  const onConfirmed = (receipt: TransactionReceipt) => {
    const [requested] = parseEventLogs({ abi: aiOracleAbi, eventName: 'Requested', logs: receipt.logs });
    if (requested) void navigate(`/requests/${requested.args.requestId}`);
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>Playground</h1>
      </div>
      <p className="lede">
        Try a model the way a dApp calls it: pay the fee, watch an operator answer, and check the answer yourself in
        this browser.
      </p>
      <QueryState isLoading={models.isLoading} error={models.error} what="the models">
        {usable.length === 0 ? (
          <p>
            No model takes requests yet. <Link to="/launch">Launch one</Link>.
          </p>
        ) : (
          <div className="grid playground-grid">
            <section className="card" aria-labelledby="input-heading">
              <div className="card-head">
                <h2 id="input-heading">Input</h2>
                <label className="model-choice">
                  <span className="small muted">Model</span>
                  <select
                    value={chosen?.id}
                    aria-label="Model"
                    data-testid="model-select"
                    onChange={(e) => setSearch({ model: e.target.value })}
                  >
                    {usable.map((m) => (
                      <option key={m.id} value={m.id}>
                        #{m.id} {m.token.name}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {pkg.isLoading ? <p className="muted">Fetching and checking the model’s package…</p> : null}
              {pkg.error ? (
                <p className="small note" role="status">
                  The package could not be fetched ({pkg.error.message}): enter the input as bytes; local verification
                  needs the package.
                </p>
              ) : null}
              {manifest?.preprocessing ? <p className="small muted">{manifest.preprocessing}</p> : null}
              {!io || pkg.isLoading ? null : kind === 'digits' ? (
                <DigitEditor strokes={strokes} onChange={setStrokes} />
              ) : kind === 'text' ? (
                <TextEditor value={prompt} onChange={setPrompt} io={io} />
              ) : (
                <RawEditor value={raw} onChange={setRaw} io={io} />
              )}
            </section>
            <section className="card" aria-labelledby="pay-heading">
              <h2 id="pay-heading">Fee</h2>
              <fieldset className="route-choice">
                <legend className="small muted">Route</legend>
                <label>
                  <input type="radio" name="via" checked={via === 'direct'} onChange={() => setVia('direct')} /> Direct
                  (no callback)
                </label>
                <label title={hasConsumer ? undefined : 'This deployment has no example consumer'}>
                  <input
                    type="radio"
                    name="via"
                    checked={via === 'consumer'}
                    disabled={!hasConsumer}
                    onChange={() => setVia('consumer')}
                  />{' '}
                  Through the example consumer (callback)
                </label>
              </fieldset>
              {quote.data ? (
                <StatList
                  items={[
                    ['Model fee', formatEth(quote.data.modelFee)],
                    [
                      'Callback escrow',
                      quote.data.callbackGasLimit === 0n
                        ? 'none (no callback)'
                        : `${formatEth(quote.data.escrow)} (${quote.data.callbackGasLimit.toLocaleString('en-US')} gas at ${formatEth(quote.data.escrowGasPrice, 9)}/gas)`,
                    ],
                    [
                      'You pay',
                      <strong key="t" data-testid="fee-total">
                        {formatEth(quote.data.total)}
                      </strong>,
                    ],
                  ]}
                />
              ) : quote.error ? (
                <p className="error small">Could not read the fee: {quote.error.message.split('\n')[0]}</p>
              ) : (
                <p className="muted">Reading the fee…</p>
              )}
              <p className="small muted">
                Escrow the callback does not use is credited back to you at finalization (withdraw it from the oracle).
              </p>
              <TransactionButton
                calls={call}
                disabled={!edited || 'error' in edited || !quote.data}
                disabledReason={edited && 'error' in edited ? edited.error : undefined}
                labels={{ action: `Request model #${chosen?.id ?? ''}`, done: 'Request sent' }}
                onConfirmed={onConfirmed}
              >
                Pay {quote.data ? formatEth(quote.data.total) : ''} and request
              </TransactionButton>
            </section>
          </div>
        )}
      </QueryState>
    </section>
  );
}
