import { RuntimeError } from '../errors';
import { fromHex, toHex } from '../commitments/keccak';
import type { MerkleTree } from '../commitments/merkle';
import { computeModelHash, computeParamsRoot, graphTree, paramsTree, stateDepth } from '../commitments/roots';
import { readElement, zeros } from '../tensor';
import { BYTES_PER_ELEMENT, type OpDescriptor, type Tensor, type TensorSpec } from '../types';
import { manifestSchema, type Manifest } from './manifest';
import { validateGraph } from './validateGraph';

/** A validated model package with its commitments computed. */
export interface ModelPackage {
  manifest: Manifest;
  params: Tensor[];
  graph: OpDescriptor[];
  /** Spec of every trace slot: 0 = input, i = output of op i. */
  slots: TensorSpec[];
  /** The tree over the parameters' roots (its root and the count make `paramsRoot`). */
  paramsTree: MerkleTree;
  paramsRoot: Uint8Array;
  graphTree: MerkleTree;
  modelHash: Uint8Array;
  stateDepth: number;
}

export interface LoadPackageOptions {
  /** Reject the package unless its recomputed modelHash is this one (e.g. the registry's). */
  expectedModelHash?: string;
}

/**
 * Decodes the params file: the parameter tensors' unpadded bytes, concatenated in manifest order.
 * int8 tensors are views of `bytes` (no copy: do not reuse the buffer); int32 ones are decoded.
 */
export function decodeParams(specs: TensorSpec[], bytes: Uint8Array): Tensor[] {
  const needed = specs.reduce((n, s) => n + s.rows * s.cols * BYTES_PER_ELEMENT[s.dtype], 0);
  if (bytes.length < needed)
    throw new RuntimeError('TRUNCATED_PARAMS', `params file is ${bytes.length} bytes; the manifest needs ${needed}`);
  if (bytes.length > needed)
    throw new RuntimeError(
      'TRUNCATED_PARAMS',
      `params file is ${bytes.length} bytes; the manifest needs exactly ${needed} (trailing bytes)`,
    );
  let offset = 0;
  return specs.map((s) => {
    const count = s.rows * s.cols;
    if (s.dtype === 'int8') {
      // a view of the params bytes: int8 weights are never copied
      const t = { ...s, data: new Int8Array(bytes.buffer, bytes.byteOffset + offset, count) };
      offset += count;
      return t;
    }
    const t = zeros(s.rows, s.cols, s.dtype);
    for (let i = 0; i < count; i++, offset += 4) t.data[i] = readElement(bytes, offset, s.dtype);
    return t;
  });
}

/**
 * Parses and validates a package: the manifest's schema, the params file's length, every
 * verifiability rule, and the declared commitment against the one recomputed from the contents.
 * The package's int8 parameters are views of `paramsBytes`, so loading needs about one copy of the
 * params (`runtime.load.peak_rss_ratio`); the caller must not modify the buffer afterwards.
 */
export function loadPackage(
  manifestJson: string | unknown,
  paramsBytes: Uint8Array,
  options: LoadPackageOptions = {},
): ModelPackage {
  let raw: unknown = manifestJson;
  if (typeof manifestJson === 'string') {
    try {
      raw = JSON.parse(manifestJson);
    } catch (cause) {
      throw new RuntimeError('MALFORMED_MANIFEST', 'manifest is not valid JSON', { cause });
    }
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RuntimeError(
      'MALFORMED_MANIFEST',
      `manifest field ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      { cause: parsed.error },
    );
  }
  const manifest = parsed.data;
  const graph = manifest.graph as OpDescriptor[];
  const params = decodeParams(manifest.params, paramsBytes);
  const slots = validateGraph({ input: manifest.io.input, output: manifest.io.output, params: manifest.params, graph });
  const pTree = paramsTree(params);
  const paramsRoot = computeParamsRoot(params.length, pTree.root);
  const gTree = graphTree(graph);
  const depth = stateDepth(graph.length);
  const modelHash = computeModelHash({
    developer: manifest.developer,
    graphRoot: gTree.root,
    paramsRoot,
    input: manifest.io.input,
    output: manifest.io.output,
    opCount: graph.length,
  });
  const c = manifest.commitment;
  const mismatch = (field: string, declared: string | number, computed: string | number) => {
    throw new RuntimeError(
      'MODEL_HASH_MISMATCH',
      `commitment.${field}: manifest declares ${declared}, contents give ${computed}`,
    );
  };
  if (c.graphRoot !== toHex(gTree.root)) mismatch('graphRoot', c.graphRoot, toHex(gTree.root));
  if (c.paramsRoot !== toHex(paramsRoot)) mismatch('paramsRoot', c.paramsRoot, toHex(paramsRoot));
  if (c.opCount !== graph.length) mismatch('opCount', c.opCount, graph.length);
  if (c.stateDepth !== depth) mismatch('stateDepth', c.stateDepth, depth);
  if (c.modelHash !== toHex(modelHash)) mismatch('modelHash', c.modelHash, toHex(modelHash));
  if (options.expectedModelHash !== undefined && toHex(fromHex(options.expectedModelHash)) !== toHex(modelHash)) {
    throw new RuntimeError(
      'MODEL_HASH_MISMATCH',
      `expected modelHash ${options.expectedModelHash}, package is ${toHex(modelHash)}`,
    );
  }
  return {
    manifest,
    params,
    graph,
    slots,
    paramsTree: pTree,
    paramsRoot,
    graphTree: gTree,
    modelHash,
    stateDepth: depth,
  };
}
