import { useQuery } from '@tanstack/react-query';
import { loadPackage, type ModelPackage } from '@imo/runtime/package/loadPackage';
import { useProtocol } from '../app/ProtocolContext';
import { manifestUrls } from './usePackageManifest';
import type { ModelInfo } from './types';

/**
 * Where a package's params file lies beside its manifest: the node's `/packages/<modelHash>/<paramsFile>`,
 * or the manifest's folder.
 *
 * @example
 * paramsUrlOf('/local-packages/oracle/models/digits/manifest.json', 'params.bin'); // '/local-packages/oracle/models/digits/params.bin'
 */
export function paramsUrlOf(manifestUrl: string, paramsFile: string): string {
  if (/\/packages\/0x[0-9a-fA-F]{64}$/.test(manifestUrl)) return `${manifestUrl}/${paramsFile}`;
  return `${manifestUrl.slice(0, manifestUrl.lastIndexOf('/') + 1)}${paramsFile}`;
}

/**
 * A model's whole package (manifest and weights), fetched from the first place that serves it and
 * checked against the chain: `loadPackage` recomputes every root and refuses a package whose
 * modelHash is not the registry's. Only what passes is ever run in the browser.
 */
export async function fetchModelPackage(
  model: Pick<ModelInfo, 'packageURI' | 'modelHash'>,
  nodeUrl: string | null,
): Promise<ModelPackage> {
  const failures: string[] = [];
  for (const url of manifestUrls(model, nodeUrl)) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as Record<string, unknown>;
      const manifest = (body.manifest ?? body) as { paramsFile?: string };
      const params = await fetch(paramsUrlOf(url, manifest.paramsFile ?? 'params.bin'), {
        signal: AbortSignal.timeout(30_000),
      });
      if (!params.ok) throw new Error(`params: HTTP ${params.status}`);
      return loadPackage(manifest, new Uint8Array(await params.arrayBuffer()), { expectedModelHash: model.modelHash });
    } catch (error) {
      failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(
    failures.length === 0
      ? `the package URI ${JSON.stringify(model.packageURI)} is not one the app can fetch, and no oracle node is configured`
      : `no verified package could be fetched (${failures.join('; ')})`,
  );
}

/** The model's verified package (see {@link fetchModelPackage}), fetched once per modelHash. */
export function useModelPackage(model: ModelInfo | undefined) {
  const { nodeUrl } = useProtocol();
  return useQuery({
    queryKey: ['package', model?.modelHash, nodeUrl],
    enabled: model !== undefined,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    queryFn: () => fetchModelPackage(model!, nodeUrl),
  });
}
