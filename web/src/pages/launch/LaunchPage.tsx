import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { parseEventLogs } from 'viem';
import { useAccount } from 'wagmi';
import { useProtocol } from '../../app/ProtocolContext';
import { launchFactoryAbi, modelRegistryAbi } from '../../contracts/generated';
import { useModels } from '../../data/useModels';
import { useBlockTime } from '../../time/useBlockTime';
import { TransactionButton } from '../../tx/TransactionButton';
import { useWalletMenu } from '../../wallet/WalletMenuContext';
import { LaunchForm } from './LaunchForm';
import { readLaunchLimits } from './launchLimits';
import { FIELD_NAMES } from './LaunchForm';
import {
  defaultLaunchValues,
  validateLaunch,
  type LaunchField,
  type LaunchFormValues,
} from '@imo/oracle/launch/launchRules';
import { LaunchSummary } from './LaunchSummary';
import type { LaunchPackage } from './loadLaunchPackage';
import { PackagePicker } from './PackagePicker';

/** Launch a model: its package (verified in the browser), then token, supply, vesting, sale, fee and split in one transaction. */
export function LaunchPage() {
  const { address } = useAccount();
  const menu = useWalletMenu();
  const { client, deployment } = useProtocol();
  const navigate = useNavigate();
  const now = useBlockTime();
  const models = useModels();
  const [pkg, setPkg] = useState<LaunchPackage | undefined>();
  const [values, setValues] = useState<LaunchFormValues | undefined>();
  const [touched, setTouched] = useState<Set<LaunchField>>(new Set());

  const limits = useQuery({
    queryKey: ['launch-limits', deployment.chainId, deployment.contracts.LaunchFactory],
    queryFn: () => readLaunchLimits(client, deployment),
    staleTime: 60_000,
  });
  const registeredAs = useQuery({
    queryKey: ['model-id-of', deployment.chainId, pkg?.modelHash],
    enabled: pkg !== undefined,
    queryFn: () =>
      client.readContract({
        address: deployment.contracts.ModelRegistry,
        abi: modelRegistryAbi,
        functionName: 'modelIdOf',
        args: [pkg!.modelHash],
      }),
  });
  const copyOf = models.data?.find(
    (m) => pkg && m.graphRoot === pkg.commitment.graphRoot && m.paramsRoot === pkg.commitment.paramsRoot,
  );

  const result = useMemo(
    () =>
      pkg && values && limits.data && now !== undefined
        ? validateLaunch(values, { commitment: pkg.commitment, license: pkg.license, limits: limits.data, now })
        : undefined,
    [pkg, values, limits.data, now],
  );

  if (!address)
    return (
      <section className="page">
        <h1>Launch a model</h1>
        <p>Connect the wallet of the model’s developer: the package is bound to that address.</p>
        <button type="button" className="button-primary" onClick={() => menu.setOpen(true)}>
          Connect a wallet
        </button>
      </section>
    );

  const alreadyRegistered = registeredAs.data !== undefined && registeredAs.data > 0n;
  return (
    <section className="page narrow">
      <h1>Launch a model</h1>
      <p className="lede">One transaction registers the model, creates its token, its sale and your vesting wallet.</p>
      <form className="form" noValidate onSubmit={(e) => e.preventDefault()} aria-label="Launch a model">
        <PackagePicker
          account={address}
          onLoaded={(p) => {
            setPkg(p);
            if (p) setValues((v) => v ?? defaultLaunchValues(p.name, address));
            setTouched(new Set());
          }}
        />
        {pkg && alreadyRegistered ? (
          <p className="error" role="alert">
            This package is already registered as model #{registeredAs.data!.toString()}: a model registers once.
          </p>
        ) : null}
        {pkg && copyOf && !alreadyRegistered ? (
          <p className="banner banner-warning">
            Model #{copyOf.id} has the same weights and graph: yours will be listed as a copy of it.
          </p>
        ) : null}
        {pkg && values && !alreadyRegistered ? (
          <>
            <LaunchForm
              values={values}
              errors={result?.errors ?? {}}
              touched={touched}
              showAll={false}
              onChange={(name, value) => {
                setValues({ ...values, [name]: value });
                setTouched((t) => new Set(t).add(name));
              }}
            />
            {result?.params && limits.data ? (
              <LaunchSummary params={result.params} protocolFeeBps={limits.data.protocolFeeBps} />
            ) : (
              <p className="muted">
                {limits.isLoading
                  ? 'Reading the protocol’s limits…'
                  : 'Fix the fields listed below to see the summary.'}
              </p>
            )}
            <div className="launch-submit">
              <TransactionButton
                disabled={!result?.params}
                disabledReason={
                  result && !result.params
                    ? `To fix: ${Object.entries(result.errors)
                        .map(([field, message]) => `${FIELD_NAMES[field as LaunchField]} (${message})`)
                        .join('; ')}.`
                    : undefined
                }
                calls={() => {
                  const p = validateLaunch(values, {
                    commitment: pkg.commitment,
                    license: pkg.license,
                    limits: limits.data!,
                    now: now!,
                  }).params!;
                  return {
                    address: deployment.contracts.LaunchFactory,
                    abi: launchFactoryAbi,
                    functionName: 'launch',
                    args: [p as never],
                  };
                }}
                labels={{ action: `Launch ${values.tokenSymbol}`, done: `${values.tokenSymbol} launched` }}
                onConfirmed={(receipt) => {
                  const [launched] = parseEventLogs({
                    abi: launchFactoryAbi,
                    eventName: 'Launched',
                    logs: receipt.logs,
                  });
                  if (launched) navigate(`/models/${launched.args.modelId}`);
                }}
              >
                Launch {values.tokenSymbol}
              </TransactionButton>
            </div>
          </>
        ) : null}
      </form>
    </section>
  );
}
