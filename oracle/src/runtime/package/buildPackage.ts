import { toHex } from '../commitments/keccak';
import { computeModelHash, computeParamsRoot, graphTree, paramsTree, stateDepth } from '../commitments/roots';
import { writeElement } from '../tensor';
import { BYTES_PER_ELEMENT, type OpDescriptor, type Tensor } from '../types';
import type { Manifest } from './manifest';

/** What a package is made of; the builder adds the params file layout and the commitment. */
export interface PackageContents {
  name: string;
  version: string;
  description?: string;
  license: string;
  developer: string;
  io: Manifest['io'];
  params: (Tensor & { name?: string })[];
  graph: OpDescriptor[];
  preprocessing?: string;
  labels?: string[];
  quantisation?: Record<string, unknown>;
  metrics?: Record<string, number>;
}

/**
 * Serialises the params (unpadded, concatenated in order) and computes the manifest with its
 * commitment (graphRoot, paramsRoot, n, D, modelHash).
 *
 * @example
 * const { manifest, paramsBytes } = buildPackage({ name: 'm', version: '1', license: 'MIT', developer, io, params, graph });
 */
export function buildPackage(contents: PackageContents): { manifest: Manifest; paramsBytes: Uint8Array } {
  const total = contents.params.reduce((n, t) => n + t.data.length * BYTES_PER_ELEMENT[t.dtype], 0);
  const paramsBytes = new Uint8Array(total);
  let offset = 0;
  for (const t of contents.params) {
    if (t.dtype === 'int8' && t.data instanceof Int8Array) {
      paramsBytes.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.length), offset);
      offset += t.data.length;
      continue;
    }
    const size = BYTES_PER_ELEMENT[t.dtype];
    for (let i = 0; i < t.data.length; i++, offset += size) writeElement(paramsBytes, offset, t.data[i]!, t.dtype);
  }
  const graphRoot = graphTree(contents.graph).root;
  const paramsRoot = computeParamsRoot(contents.params.length, paramsTree(contents.params).root);
  const opCount = contents.graph.length;
  const modelHash = computeModelHash({
    developer: contents.developer,
    graphRoot,
    paramsRoot,
    input: contents.io.input,
    output: contents.io.output,
    opCount,
  });
  const manifest: Manifest = {
    format: 'imo-model/1',
    name: contents.name,
    version: contents.version,
    description: contents.description ?? '',
    license: contents.license,
    developer: contents.developer,
    io: contents.io,
    params: contents.params.map((t, i) => ({ name: t.name ?? `p${i}`, rows: t.rows, cols: t.cols, dtype: t.dtype })),
    paramsFile: 'params.bin',
    graph: contents.graph,
    preprocessing: contents.preprocessing ?? '',
    ...(contents.labels ? { labels: contents.labels } : {}),
    ...(contents.quantisation ? { quantisation: contents.quantisation } : {}),
    ...(contents.metrics ? { metrics: contents.metrics } : {}),
    commitment: {
      graphRoot: toHex(graphRoot),
      paramsRoot: toHex(paramsRoot),
      opCount,
      stateDepth: stateDepth(opCount),
      modelHash: toHex(modelHash),
    },
  };
  return { manifest, paramsBytes };
}
