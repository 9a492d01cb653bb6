import { Link, useParams } from 'react-router';
import type { Hex } from 'viem';
import { requestStages } from '@imo/oracle/client/requestTimeline';
import { formatEth } from '@imo/oracle/format/formatAmount';
import { useProtocol } from '../../app/ProtocolContext';
import { CopyableHex } from '../../components/CopyableHex';
import { QueryState } from '../../components/QueryState';
import { StatList } from '../../components/StatList';
import { aiOracleAbi } from '../../contracts/generated';
import { useModelPackage } from '../../data/useModelPackage';
import { useModel } from '../../data/useModels';
import { useRequest } from '../../data/useRequest';
import { useBlockTime } from '../../time/useBlockTime';
import { TransactionButton } from '../../tx/TransactionButton';
import { InputView, OutputView } from './ModelIo';
import { RequestStages } from './RequestStages';
import { VerifyPanel } from './VerifyPanel';

function parseId(text: string | undefined): bigint | undefined {
  return text && /^\d{1,30}$/.test(text) && BigInt(text) > 0n ? BigInt(text) : undefined;
}

/** One request followed live: its stages from chain events (and the node, when it answers), its output, local verification. */
export function RequestPage() {
  const params = useParams();
  const id = parseId(params.id);
  const { deployment } = useProtocol();
  const request = useRequest(id);
  const now = useBlockTime();
  const reading = request.data?.reading;
  const { model } = useModel(reading?.record.modelId ?? 0);
  const pkg = useModelPackage(reading ? model : undefined);

  if (id === undefined) return <p className="page error">“{params.id}” is not a request id.</p>;
  const record = reading?.record;
  const posting = record?.postings.findLast((p) => p.outcome !== 'struck');
  const stages = record && now !== undefined ? requestStages(record, now) : [];
  const finalizable =
    reading?.posted &&
    posting?.outcome === 'pending' &&
    !record?.disputed &&
    now !== undefined &&
    now > posting.challengeDeadline;
  const manifest = pkg.data?.manifest;
  const outputDtype = model?.io.outputDtype === 1 ? 'int32' : 'int8';

  return (
    <section className="page">
      <QueryState isLoading={request.isLoading} error={request.error} what="the request">
        {!reading || !record ? (
          <p>
            There is no request #{id.toString()} on this chain. <Link to="/playground">Make one in the playground</Link>
            .
          </p>
        ) : (
          <>
            <div className="page-head">
              <h1>
                Request <span className="muted">#{id.toString()}</span>
              </h1>
              <span className={`badge badge-request-${record.state}`} data-testid="request-state">
                {record.disputed ? 'challenged' : record.state}
              </span>
            </div>
            <div className="grid">
              <section className="card" aria-labelledby="stages-heading">
                <h2 id="stages-heading">Progress</h2>
                <RequestStages stages={stages} now={now} />
                {finalizable ? (
                  <TransactionButton
                    variant="secondary"
                    calls={() => ({
                      address: deployment.contracts.AIOracle,
                      abi: aiOracleAbi,
                      functionName: 'finalize',
                      args: [
                        id,
                        reading.params as never,
                        reading.posted as never,
                        posting!.output as Hex,
                        posting!.stateRoot as Hex,
                        reading.callbackData as Hex,
                      ],
                    })}
                    labels={{ action: `Finalize request #${id}`, done: 'Finalized' }}
                  >
                    Finalize now (anyone may)
                  </TransactionButton>
                ) : null}
                {request.data?.extras?.timings?.inferenceMs !== undefined ? (
                  <p className="small muted">
                    The oracle node ran the model in {request.data.extras.timings.inferenceMs.toFixed(1)} ms.
                  </p>
                ) : null}
              </section>
              <section className="card" aria-labelledby="io-heading">
                <h2 id="io-heading">Input and output</h2>
                <StatList
                  items={[
                    [
                      'Model',
                      <Link key="m" to={`/models/${record.modelId}`}>
                        #{record.modelId} {model?.token.name ?? ''}
                      </Link>,
                    ],
                    ['Requester', <CopyableHex key="r" value={record.requester} />],
                    ['Fee', formatEth(record.fee)],
                  ]}
                />
                <h3 className="small">Input</h3>
                <InputView input={reading.input} manifest={manifest} />
                <h3 className="small">Output</h3>
                {posting ? (
                  <OutputView output={posting.output} dtype={outputDtype} labels={manifest?.labels} />
                ) : (
                  <p className="muted">Not posted yet.</p>
                )}
              </section>
              {posting ? <VerifyPanel reading={reading} posting={posting} pkg={pkg.data} pkgError={pkg.error} /> : null}
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}
