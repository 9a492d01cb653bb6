import fs from 'node:fs';
import path from 'node:path';
import { computeModelHash, graphTree, paramsTree, stateDepth, toHex } from '../../oracle/src/runtime';
import type { Manifest } from '../../oracle/src/runtime';
import { BYTES_PER_ELEMENT, type OpDescriptor, type Tensor } from '../../oracle/src/runtime/types';
import { writeElement } from '../../oracle/src/runtime/tensor';

export interface PackageContents {
  name: string;
  version: string;
  description: string;
  license: string;
  developer: string;
  io: Manifest['io'];
  params: (Tensor & { name: string })[];
  graph: OpDescriptor[];
  preprocessing: string;
  labels?: string[];
  quantisation?: Record<string, unknown>;
  metrics?: Record<string, number>;
}

/** Serialises params (unpadded, concatenated in order) and computes the manifest's commitment. */
export function buildPackage(contents: PackageContents): { manifest: Manifest; paramsBytes: Uint8Array } {
  const total = contents.params.reduce((n, t) => n + t.data.length * BYTES_PER_ELEMENT[t.dtype], 0);
  const paramsBytes = new Uint8Array(total);
  let offset = 0;
  for (const t of contents.params) {
    const size = BYTES_PER_ELEMENT[t.dtype];
    for (let i = 0; i < t.data.length; i++, offset += size) writeElement(paramsBytes, offset, t.data[i]!, t.dtype);
  }
  const gRoot = graphTree(contents.graph).root;
  const pRoot = paramsTree(contents.params).root;
  const modelHash = computeModelHash({
    developer: contents.developer,
    graphRoot: gRoot,
    paramsRoot: pRoot,
    input: contents.io.input,
    output: contents.io.output,
    opCount: contents.graph.length,
  });
  const manifest: Manifest = {
    format: 'imo-model/1',
    name: contents.name,
    version: contents.version,
    description: contents.description,
    license: contents.license,
    developer: contents.developer,
    io: contents.io,
    params: contents.params.map(({ name, rows, cols, dtype }) => ({ name, rows, cols, dtype })),
    paramsFile: 'params.bin',
    graph: contents.graph,
    preprocessing: contents.preprocessing,
    labels: contents.labels,
    quantisation: contents.quantisation,
    metrics: contents.metrics,
    commitment: {
      graphRoot: toHex(gRoot),
      paramsRoot: toHex(pRoot),
      opCount: contents.graph.length,
      stateDepth: stateDepth(contents.graph.length),
      modelHash: toHex(modelHash),
    },
  };
  return { manifest, paramsBytes };
}

/** Writes `manifest.json` and `params.bin` into `dir`. */
export function writePackage(dir: string, pkg: { manifest: Manifest; paramsBytes: Uint8Array }): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(pkg.manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, pkg.manifest.paramsFile), pkg.paramsBytes);
}
