import { useState } from 'react';
import type { Address } from 'viem';
import { loadLaunchPackage, type LaunchPackage } from './loadLaunchPackage';

/**
 * Choose a package's two files; they are loaded and verified in the browser with the runtime and
 * checked against the connected account before the form opens.
 */
export function PackagePicker({
  account,
  onLoaded,
}: {
  account: Address;
  onLoaded: (pkg: LaunchPackage | undefined) => void;
}) {
  const [manifest, setManifest] = useState<File | undefined>();
  const [params, setParams] = useState<File | undefined>();
  const [status, setStatus] = useState<{ kind: 'idle' | 'loading' | 'error' | 'ok'; message?: string }>({
    kind: 'idle',
  });

  const load = async (m: File | undefined, p: File | undefined) => {
    onLoaded(undefined);
    if (!m || !p) return setStatus({ kind: 'idle' });
    setStatus({ kind: 'loading' });
    try {
      const pkg = await loadLaunchPackage(await m.text(), new Uint8Array(await p.arrayBuffer()), account);
      setStatus({
        kind: 'ok',
        message: `${pkg.name} ${pkg.version}: ${pkg.opCount} ops, ${pkg.paramsBytes.toLocaleString('en-US')} bytes of parameters, verified.`,
      });
      onLoaded(pkg);
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <fieldset className="fieldset">
      <legend>1. The package</legend>
      <p className="small muted">
        The two files the packer wrote. They are verified here, in your browser: every root is recomputed from the bytes
        and the package must be bound to your address.
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor="package-manifest">manifest.json</label>
          <input
            id="package-manifest"
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              const f = e.target.files?.[0];
              setManifest(f);
              void load(f, params);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="package-params">params.bin</label>
          <input
            id="package-params"
            type="file"
            accept=".bin,application/octet-stream"
            onChange={(e) => {
              const f = e.target.files?.[0];
              setParams(f);
              void load(manifest, f);
            }}
          />
        </div>
      </div>
      {status.kind === 'loading' ? <p role="status">Verifying the package…</p> : null}
      {status.kind === 'ok' ? (
        <p className="success" role="status" data-testid="package-ok">
          ✓ {status.message}
        </p>
      ) : null}
      {status.kind === 'error' ? (
        <p className="error" role="alert" data-testid="package-error">
          {status.message}
        </p>
      ) : null}
    </fieldset>
  );
}
