import { useQuery } from '@tanstack/react-query';
import { useProtocol } from '../app/ProtocolContext';
import type { ModelInfo } from './types';

/** The parts of a package manifest the model card shows (`oracle/src/runtime/package/manifest.ts`). */
export interface ManifestSummary {
  name: string;
  version: string;
  description: string;
  license: string;
  preprocessing: string;
  labels?: string[];
  metrics?: Record<string, number>;
  /** Whether the manifest declares the model's on-chain modelHash. */
  matchesChain: boolean;
  from: string;
}

/**
 * Where a package's manifest can be fetched: the oracle node's content-addressed copy, an http(s)
 * URI as given, or a repository path served by the app's own server (the demo's bundled packages).
 *
 * @example
 * manifestUrls(model, null); // ['/local-packages/oracle/models/digits/manifest.json']
 */
export function manifestUrls(model: Pick<ModelInfo, 'packageURI' | 'modelHash'>, nodeUrl: string | null): string[] {
  const urls: string[] = [];
  if (nodeUrl) urls.push(`${nodeUrl}/packages/${model.modelHash}`);
  const uri = model.packageURI;
  if (/^https?:\/\//.test(uri)) urls.push(uri);
  else if (uri && !/^[a-z]+:/i.test(uri)) urls.push(`/local-packages/${uri.replace(/^\/+/, '')}`);
  return urls;
}

/** The model's package manifest, from the first place that serves it (null when none does). */
export function usePackageManifest(model: ModelInfo | undefined) {
  const { nodeUrl } = useProtocol();
  return useQuery({
    queryKey: ['manifest', model?.modelHash, nodeUrl],
    enabled: model !== undefined,
    staleTime: Infinity,
    retry: false,
    queryFn: async (): Promise<ManifestSummary | null> => {
      for (const url of manifestUrls(model!, nodeUrl)) {
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
          if (!res.ok) continue;
          const body = (await res.json()) as Record<string, unknown>;
          const m = (body.manifest ?? body) as Record<string, unknown>;
          const commitment = m.commitment as { modelHash?: string } | undefined;
          return {
            name: String(m.name ?? ''),
            version: String(m.version ?? ''),
            description: String(m.description ?? ''),
            license: String(m.license ?? ''),
            preprocessing: String(m.preprocessing ?? ''),
            labels: Array.isArray(m.labels) ? (m.labels as string[]) : undefined,
            metrics: (m.metrics as Record<string, number> | undefined) ?? undefined,
            matchesChain: commitment?.modelHash?.toLowerCase() === model!.modelHash.toLowerCase(),
            from: url,
          };
        } catch {
          // try the next place
        }
      }
      return null;
    },
  });
}
