import type { Backend } from './backend';
import { RuntimeError } from './errors';
import { toHex, wasmTreeRoot } from './commitments/keccak';
import { ZERO_LEAF_SUBTREES, type MerklePath, type MerkleTree } from './commitments/merkle';
import { valueTree } from './commitments/roots';
import { TensorCommitment, computeTensorRoot } from './commitments/tensorRoot';
import type { ModelPackage } from './package/loadPackage';
import { referenceBackend } from './referenceBackend';
import { tensorFromBytes, tensorToBytes } from './tensor';
import type { OpDescriptor, Tensor } from './types';

/**
 * The full execution trace of one inference: every slot tensor (0 = input, i = output of op i),
 * their commitments, any state root S_k and any path the dispute game needs.
 */
export class Trace {
  private readonly commitments: (TensorCommitment | undefined)[];
  private readonly roots: (Uint8Array | undefined)[];

  constructor(
    readonly pkg: ModelPackage,
    readonly slots: Tensor[],
  ) {
    this.commitments = new Array(slots.length);
    this.roots = new Array(slots.length);
  }

  /** n: the number of ops. */
  get opCount(): number {
    return this.slots.length - 1;
  }

  /** The response bytes: the output tensor's elements, unpadded. */
  get output(): Uint8Array {
    return tensorToBytes(this.slots[this.opCount]!);
  }

  /** The commitment (tree) of slot `slot`'s tensor. */
  commitment(slot: number): TensorCommitment {
    if (slot < 0 || slot > this.opCount) throw new RangeError(`slot ${slot} outside 0…${this.opCount}`);
    return (this.commitments[slot] ??= new TensorCommitment(this.slots[slot]!));
  }

  /** T_slot: the root of slot `slot`'s tensor (hashed without keeping the tree, unless it exists). */
  tensorRoot(slot: number): Uint8Array {
    if (slot < 0 || slot > this.opCount) throw new RangeError(`slot ${slot} outside 0…${this.opCount}`);
    return (this.roots[slot] ??= this.commitments[slot]?.root ?? computeTensorRoot(this.slots[slot]!));
  }

  /** The state tree after op k: slots 0…k hold T_0…T_k, the other 2^D − k − 1 slots are zero. */
  stateTree(k: number): MerkleTree {
    if (k < 0 || k > this.opCount) throw new RangeError(`state ${k} outside 0…${this.opCount}`);
    const roots = Array.from({ length: k + 1 }, (_, i) => this.tensorRoot(i));
    return valueTree(roots, 2 ** this.pkg.stateDepth);
  }

  /** S_k (computed without keeping the tree). */
  stateRoot(k: number): Uint8Array {
    if (k < 0 || k > this.opCount) throw new RangeError(`state ${k} outside 0…${this.opCount}`);
    const roots = Array.from({ length: k + 1 }, (_, i) => this.tensorRoot(i)); // before the wasm call: hashing uses its memory
    return wasmTreeRoot(
      (heap, at) => roots.forEach((r, i) => heap.set(r, at + 32 * i)),
      k + 1,
      this.pkg.stateDepth,
      ZERO_LEAF_SUBTREES,
    );
  }

  /** S_n: the state root the operator commits. */
  get finalStateRoot(): Uint8Array {
    return this.stateRoot(this.opCount);
  }

  /** Path of slot `slot` in S_k. */
  slotPath(k: number, slot: number): MerklePath {
    return this.stateTree(k).path(slot);
  }

  /** A JSON-friendly summary: output, T_i and S_n as hex. */
  summary(): { output: string; tensorRoots: string[]; stateRoot: string } {
    return {
      output: toHex(this.output),
      tensorRoots: this.slots.map((_, i) => toHex(this.tensorRoot(i))),
      stateRoot: toHex(this.finalStateRoot),
    };
  }
}

/**
 * Runs a model on request bytes (zero-padded to the input tensor; longer input is rejected) and
 * returns its trace. A backend with a graph-level entry (`runGraph`) runs the whole graph at once;
 * any other runs op by op.
 */
export async function runModel(
  pkg: ModelPackage,
  input: Uint8Array,
  backend: Backend = referenceBackend,
): Promise<Trace> {
  const { rows, cols, dtype } = pkg.manifest.io.input;
  const slots: Tensor[] = [tensorFromBytes(input, rows, cols, dtype)];
  if (backend.runGraph) {
    const [all] = await backend.runGraph(pkg, slots);
    return new Trace(pkg, checkSlots(pkg, all, backend));
  }
  for (const op of pkg.graph) slots.push(await runOp(pkg, op, slots, backend));
  return new Trace(pkg, slots);
}

/**
 * Checks that a graph-level backend returned one tensor per slot, each of the shape its descriptor
 * promises, and returns them.
 */
export function checkSlots(pkg: ModelPackage, slots: Tensor[] | undefined, backend: Backend): Tensor[] {
  if (!slots || slots.length !== pkg.graph.length + 1) {
    throw new RuntimeError(
      'BACKEND_FAILED',
      `backend ${backend.name} returned ${slots?.length ?? 0} slots; the graph has ${pkg.graph.length + 1}`,
    );
  }
  pkg.graph.forEach((op, i) => {
    const out = slots[i + 1]!;
    if (
      out.rows !== op.rows ||
      out.cols !== op.cols ||
      out.dtype !== op.dtype ||
      out.data.length !== op.rows * op.cols
    ) {
      throw new RuntimeError(
        'SHAPE_MISMATCH',
        `backend ${backend.name} returned [${out.rows}, ${out.cols}] ${out.dtype} for ${op.op} (op ${i + 1})`,
      );
    }
  });
  return slots;
}

/**
 * Runs one op of `pkg` on the slots computed so far and checks the backend returned the shape the
 * descriptor promises.
 */
export async function runOp(
  pkg: ModelPackage,
  op: OpDescriptor,
  slots: Tensor[],
  backend: Backend = referenceBackend,
): Promise<Tensor> {
  const usesB = op.op === 'add' || op.op === 'concat';
  const usesParams = op.op === 'matmul' || op.op === 'lut' || op.op === 'gather';
  const out = await backend.execute(
    op,
    { a: slots[op.inputA]!, b: usesB ? slots[op.inputB] : undefined },
    usesParams ? { a: pkg.params[op.paramA], b: op.op === 'matmul' ? pkg.params[op.paramB] : undefined } : {},
  );
  if (out.rows !== op.rows || out.cols !== op.cols || out.dtype !== op.dtype) {
    throw new RuntimeError(
      'SHAPE_MISMATCH',
      `backend ${backend.name} returned [${out.rows}, ${out.cols}] ${out.dtype} for ${op.op}`,
    );
  }
  return out;
}
