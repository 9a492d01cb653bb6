/**
 * Trains the text-generation model in plain TypeScript: a character-level MLP over a fixed context
 * window (the last C characters → embedding → ReLU hidden layer → next-character logits) on the
 * King James Version (`data/kjv.txt.gz`), quantises it to the runtime's integer ops and writes the
 * package to `oracle/models/kjv-textgen/` with greedy decoding unrolled into the graph: one request
 * generates {@link TEXT_MODEL.outputChars} characters, and the output is one slot.
 *
 * Input and output are ASCII bytes: the prompt's last C characters, left-padded with '\n' (the
 * verse boundary the model was trained on); the generated characters, cut at the first '\n' by the
 * client. Deterministic: the same seed gives the same bytes.
 * Run: `npx tsx scripts/training/trainText.ts` (about 5 minutes on 2 cores, training 4–4¾ of them).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  buildPackage,
  describeOp as op,
  loadPackage,
  createWasmBackend,
  runModel,
  type Backend,
  type ModelPackage,
  type OpDescriptor,
  type Tensor,
} from '../../oracle/src/runtime';
import { MODELS_DIR } from '../../oracle/src/node/readModelPackage';
import { decodeTextOutput, encodeTextPrompt, normaliseText, TEXT_VOCAB } from '../../oracle/src/client/textCodec';
import { KJV_FILE } from './extractKjv';
import { F32_WASM_BASE64 } from './f32Module';
import { mulberry32 } from './prng';
import { multiplierFor, quantiseBias, quantiseSymmetric } from './quantise';
import { writePackage } from './writePackage';

const VOCAB = TEXT_VOCAB;

/** Shape and training schedule of a text model. */
export interface TextModelConfig {
  name: string;
  /** Bound into modelHash. */
  developer: string;
  /** Characters of context the model reads (C). */
  context: number;
  /** Embedding width (d). */
  embed: number;
  /** Hidden ReLU layer width (H). */
  hidden: number;
  /** Characters generated per request (decoding steps unrolled into the graph). */
  outputChars: number;
  seed: number;
  steps: number;
  batch: number;
  learningRate: number;
  /** Every `heldOutEvery`-th verse is held out of training. */
  heldOutEvery: number;
}

/** The bundled text model. */
export const TEXT_MODEL: TextModelConfig = {
  name: 'kjv-textgen',
  /** Hardhat dev account 7, who launches it in the `npm start` demo. */
  developer: '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  context: 32,
  embed: 16,
  hidden: 512,
  outputChars: 64,
  seed: 20261127,
  steps: 30_000,
  batch: 64,
  learningRate: 0.002,
  heldOutEvery: 20,
};

const VOCAB_INDEX = new Map([...VOCAB].map((c, i) => [c, i]));

/** The corpus: every verse normalised, split into training and held-out verses. */
export function loadCorpus(heldOutEvery: number = TEXT_MODEL.heldOutEvery): { train: string[]; heldOut: string[] } {
  const verses = zlib.gunzipSync(fs.readFileSync(KJV_FILE)).toString('utf8').trimEnd().split('\n').map(normaliseText);
  return {
    train: verses.filter((_, i) => i % heldOutEvery !== heldOutEvery - 1),
    heldOut: verses.filter((_, i) => i % heldOutEvery === heldOutEvery - 1),
  };
}

/**
 * Verses as one stream of vocabulary indices, each preceded by C newlines (the model's view of a
 * verse start) and followed by one (its end), with every position whose character is predicted.
 */
export function encodeVerses(verses: string[], context: number): { stream: Uint8Array; targets: Uint32Array } {
  const length = verses.reduce((n, v) => n + context + v.length + 1, 0);
  const stream = new Uint8Array(length); // 0 = '\n' wherever nothing is written
  const targets = new Uint32Array(length - verses.length * context);
  let at = 0;
  let t = 0;
  for (const verse of verses) {
    at += context;
    for (let i = 0; i <= verse.length; i++) {
      if (i < verse.length) stream[at + i] = VOCAB_INDEX.get(verse[i]!)!;
      targets[t++] = at + i;
    }
    at += verse.length + 1;
  }
  return { stream, targets };
}

/** The float model: embeddings, one ReLU hidden layer, output logits (float32). */
export interface TextMlp {
  embed: Float32Array; // [V, d]
  w1: Float32Array; // [H, C·d]
  b1: Float32Array; // [H]
  w2: Float32Array; // [V, H]
  b2: Float32Array; // [V]
}

type ParamName = keyof TextMlp;
const PARAM_NAMES: ParamName[] = ['embed', 'w1', 'b1', 'w2', 'b2'];

interface F32Kernels {
  /** c = a · bᵀ (a [m, k], b [n, k]). */
  nt(a: number, b: number, c: number, m: number, k: number, n: number): void;
  /** c += a · b (a [m, k], b [k, n]). */
  nn(a: number, b: number, c: number, m: number, k: number, n: number): void;
  /** c += aᵀ · b (a [k, m], b [k, n]). */
  tn(a: number, b: number, c: number, m: number, k: number, n: number): void;
}

/** float32 arrays in one WebAssembly memory, where the training kernels read and write them. */
class F32Arena {
  readonly kernels: F32Kernels;
  private readonly memory = new WebAssembly.Memory({ initial: 1, maximum: 65_536 });
  private readonly offsets = new WeakMap<Float32Array, number>();
  private top = 0;

  constructor(sizes: number) {
    this.memory.grow(Math.ceil((sizes * 4 + 16 * 64) / 65_536));
    const module = new WebAssembly.Module(Buffer.from(F32_WASM_BASE64, 'base64'));
    this.kernels = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as F32Kernels;
  }

  alloc(n: number): Float32Array {
    const at = this.top;
    this.top += Math.ceil((n * 4) / 16) * 16;
    if (this.top > this.memory.buffer.byteLength) throw new RangeError('F32Arena: out of reserved memory');
    const view = new Float32Array(this.memory.buffer, at, n);
    this.offsets.set(view, at);
    return view;
  }

  at(view: Float32Array): number {
    return this.offsets.get(view)!;
  }
}

/** Scratch buffers of one batch (in the arena). */
interface Batch {
  rows: number;
  ctx: Uint8Array; // [B, C]
  x: Float32Array; // [B, I]
  h: Float32Array; // [B, H]
  logits: Float32Array; // [B, V]
}

/** The network, its arena and the forward pass shared by training, evaluation and generation. */
class TextNet {
  readonly arena: F32Arena;
  readonly m: TextMlp;

  constructor(
    readonly config: TextModelConfig,
    extraFloats: number,
    random: () => number,
  ) {
    const V = VOCAB.length;
    const { context: C, embed: d, hidden: H } = config;
    const I = C * d;
    const paramFloats = V * d + H * I + H + V * H + V;
    this.arena = new F32Arena(paramFloats + (256 + 1) * (I + H + V) + extraFloats);
    const uniform = (n: number, bound: number) => {
      const view = this.arena.alloc(n);
      for (let i = 0; i < n; i++) view[i] = (random() * 2 - 1) * bound;
      return view;
    };
    this.m = {
      embed: uniform(V * d, 1),
      w1: uniform(H * I, Math.sqrt(6 / (I + H))),
      b1: this.arena.alloc(H),
      w2: uniform(V * H, Math.sqrt(6 / (H + V))),
      b2: this.arena.alloc(V),
    };
  }

  private readonly batches = new Map<number, Batch>();

  /** The scratch batch of `rows` contexts (one per size, allocated once: the arena never grows). */
  batchOf(rows: number): Batch {
    let batch = this.batches.get(rows);
    if (!batch) this.batches.set(rows, (batch = this.allocBatch(rows)));
    return batch;
  }

  private allocBatch(rows: number): Batch {
    const { context: C, embed: d, hidden: H } = this.config;
    return {
      rows,
      ctx: new Uint8Array(rows * C),
      x: this.arena.alloc(rows * C * d),
      h: this.arena.alloc(rows * H),
      logits: this.arena.alloc(rows * VOCAB.length),
    };
  }

  /** Forward pass of the first `rows` contexts in `batch.ctx`. */
  forward(batch: Batch, rows: number): void {
    const { context: C, embed: d, hidden: H } = this.config;
    const V = VOCAB.length;
    const I = C * d;
    const { m, arena } = this;
    const { ctx, x, h, logits } = batch;
    for (let b = 0; b < rows; b++) {
      for (let c = 0; c < C; c++) x.set(m.embed.subarray(ctx[b * C + c]! * d, ctx[b * C + c]! * d + d), b * I + c * d);
    }
    arena.kernels.nt(arena.at(x), arena.at(m.w1), arena.at(h), rows, I, H);
    for (let b = 0; b < rows; b++) {
      for (let o = 0; o < H; o++) {
        const s = h[b * H + o]! + m.b1[o]!;
        h[b * H + o] = s > 0 ? s : 0;
      }
    }
    arena.kernels.nt(arena.at(h), arena.at(m.w2), arena.at(logits), rows, H, V);
    for (let b = 0; b < rows; b++) for (let v = 0; v < V; v++) logits[b * V + v]! += m.b2[v]!;
  }
}

function argmaxRow(values: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (values[offset + i]! > values[offset + best]!) best = i;
  return best;
}

/** Trains with Adam on batches of positions drawn (seeded) from the training verses. */
export function trainTextMlp(
  config: TextModelConfig,
  train: string[],
  onProgress?: (step: number, loss: number) => void,
): TextNet {
  const { context: C, embed: d, hidden: H, batch: B } = config;
  const V = VOCAB.length;
  const I = C * d;
  const random = mulberry32(config.seed);
  const paramFloats = V * d + H * I + H + V * H + V;
  const net = new TextNet(config, 3 * paramFloats + 2 * B * (V + H + I), random);
  const { m, arena } = net;
  const { kernels } = arena;
  const { stream, targets } = encodeVerses(train, C);
  const like = () => Object.fromEntries(PARAM_NAMES.map((k) => [k, arena.alloc(m[k].length)])) as unknown as TextMlp;
  const grads = like();
  const moment1 = like();
  const moment2 = like();
  const batch = net.batchOf(B);
  const label = new Uint8Array(B);
  const dLogits = arena.alloc(B * V);
  const dH = arena.alloc(B * H);
  const dX = arena.alloc(B * I);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let lossSum = 0;
  for (let step = 1; step <= config.steps; step++) {
    for (let b = 0; b < B; b++) {
      const at = targets[Math.floor(random() * targets.length)]!;
      batch.ctx.set(stream.subarray(at - C, at), b * C);
      label[b] = stream[at]!;
    }
    net.forward(batch, B);
    for (const k of PARAM_NAMES) grads[k].fill(0);
    // softmax cross-entropy, averaged over the batch
    for (let b = 0; b < B; b++) {
      const o = b * V;
      let max = -Infinity;
      for (let v = 0; v < V; v++) max = Math.max(max, batch.logits[o + v]!);
      let sum = 0;
      for (let v = 0; v < V; v++) sum += dLogits[o + v] = Math.exp(batch.logits[o + v]! - max);
      lossSum -= Math.log(dLogits[o + label[b]!]! / sum);
      for (let v = 0; v < V; v++) dLogits[o + v] = (dLogits[o + v]! / sum - (v === label[b] ? 1 : 0)) / B;
      for (let v = 0; v < V; v++) grads.b2[v]! += dLogits[o + v]!;
    }
    // output layer: dW2 += dLᵀ·h, dH = dL·W2
    kernels.tn(arena.at(dLogits), arena.at(batch.h), arena.at(grads.w2), V, B, H);
    dH.fill(0);
    kernels.nn(arena.at(dLogits), arena.at(m.w2), arena.at(dH), B, V, H);
    // hidden layer (ReLU): dW1 += dHᵀ·x, dX = dH·W1, then the embeddings
    for (let i = 0; i < B * H; i++) if (batch.h[i]! <= 0) dH[i] = 0;
    for (let b = 0; b < B; b++) for (let o = 0; o < H; o++) grads.b1[o]! += dH[b * H + o]!;
    kernels.tn(arena.at(dH), arena.at(batch.x), arena.at(grads.w1), H, B, I);
    dX.fill(0);
    kernels.nn(arena.at(dH), arena.at(m.w1), arena.at(dX), B, H, I);
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) {
        const e = batch.ctx[b * C + c]! * d;
        for (let k = 0; k < d; k++) grads.embed[e + k]! += dX[b * I + c * d + k]!;
      }
    }
    // Adam with a linear decay to 10 % of the rate
    const lr = config.learningRate * (1 - (0.9 * step) / config.steps);
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    for (const k of PARAM_NAMES) {
      const p = m[k];
      const g = grads[k];
      const m1 = moment1[k];
      const m2 = moment2[k];
      for (let i = 0; i < p.length; i++) {
        m1[i] = beta1 * m1[i]! + (1 - beta1) * g[i]!;
        m2[i] = beta2 * m2[i]! + (1 - beta2) * g[i]! * g[i]!;
        p[i]! -= (lr * (m1[i]! / c1)) / (Math.sqrt(m2[i]! / c2) + 1e-8);
      }
    }
    if (step % 1000 === 0) {
      onProgress?.(step, lossSum / (1000 * B));
      lossSum = 0;
    }
  }
  return net;
}

/** Next-character accuracy of the float model over every position of `verses`. */
export function floatAccuracy(net: TextNet, verses: string[]): number {
  const { config } = net;
  const { stream, targets } = encodeVerses(verses, config.context);
  const batch = net.batchOf(256);
  let correct = 0;
  for (let start = 0; start < targets.length; start += 256) {
    const rows = Math.min(256, targets.length - start);
    for (let b = 0; b < rows; b++)
      batch.ctx.set(stream.subarray(targets[start + b]! - config.context, targets[start + b]!), b * config.context);
    net.forward(batch, rows);
    for (let b = 0; b < rows; b++) {
      if (argmaxRow(batch.logits, b * VOCAB.length, VOCAB.length) === stream[targets[start + b]!]) correct++;
    }
  }
  return correct / targets.length;
}

/** Greedy generation with the float model from a prompt (already normalised). */
export function generateFloat(net: TextNet, prompt: string, batch: Batch = net.batchOf(1)): string {
  const { config } = net;
  const C = config.context;
  const ctx = [...('\n'.repeat(C) + prompt)].slice(-C).map((c) => VOCAB_INDEX.get(c)!);
  let out = '';
  for (let i = 0; i < config.outputChars; i++) {
    batch.ctx.set(ctx);
    net.forward(batch, 1);
    const next = argmaxRow(batch.logits, 0, VOCAB.length);
    out += VOCAB[next];
    ctx.shift();
    ctx.push(next);
  }
  return out;
}

/** The float model quantised: every parameter tensor of the package, and the hidden rescale. */
export interface QuantisedText {
  params: (Tensor & { name: string })[];
  multiplier: number;
  shift: number;
  scales: Record<string, number>;
}

const PARAM = { embed: 0, w1: 1, b1: 2, w2: 3, b2: 4, chars: 5 } as const;
const ASCII_ROWS = 128;

/**
 * Symmetric int8 weights and embeddings, int32 biases at their accumulator scales, and the hidden
 * layer's int8 scale calibrated on training contexts (max activation). The embedding table is
 * indexed by ASCII byte: an upper-case letter shares its lower-case row, any byte outside the
 * vocabulary gets a zero row, and negative int8 bytes clamp to row 0 (NUL, zero).
 */
export function quantiseText(net: TextNet, calibration: string[]): QuantisedText {
  const { config, m } = net;
  const { context: C, embed: d, hidden: H } = config;
  const V = VOCAB.length;
  const embed = quantiseSymmetric(Float64Array.from(m.embed));
  const w1 = quantiseSymmetric(Float64Array.from(m.w1));
  const w2 = quantiseSymmetric(Float64Array.from(m.w2));
  const byAscii = new Int32Array(ASCII_ROWS * d);
  for (let code = 0; code < ASCII_ROWS; code++) {
    const v = VOCAB_INDEX.get(String.fromCharCode(code).toLowerCase());
    if (v !== undefined) byAscii.set(embed.q.subarray(v * d, v * d + d), code * d);
  }
  // calibrate the hidden scale on the float model's activations over calibration contexts
  const { stream, targets } = encodeVerses(calibration, C);
  const batch = net.batchOf(256);
  let hiddenMax = 0;
  for (let start = 0; start < targets.length; start += 256) {
    const rows = Math.min(256, targets.length - start);
    for (let b = 0; b < rows; b++) batch.ctx.set(stream.subarray(targets[start + b]! - C, targets[start + b]!), b * C);
    net.forward(batch, rows);
    for (let i = 0; i < rows * H; i++) hiddenMax = Math.max(hiddenMax, batch.h[i]!);
  }
  const hiddenScale = hiddenMax / 127;
  const acc1Scale = embed.scale * w1.scale;
  const { multiplier, shift } = multiplierFor(acc1Scale / hiddenScale);
  const tensor = (name: string, rows: number, cols: number, dtype: 'int8' | 'int32', data: Int32Array) => ({
    name,
    rows,
    cols,
    dtype,
    data,
  });
  return {
    params: [
      tensor('embed.byAscii', ASCII_ROWS, d, 'int8', byAscii),
      tensor('fc1.weight', H, C * d, 'int8', w1.q),
      tensor('fc1.bias', 1, H, 'int32', quantiseBias(Float64Array.from(m.b1), acc1Scale)),
      tensor('out.weight', V, H, 'int8', w2.q),
      tensor('out.bias', 1, V, 'int32', quantiseBias(Float64Array.from(m.b2), hiddenScale * w2.scale)),
      tensor(
        'vocab.ascii',
        V,
        1,
        'int8',
        Int32Array.from([...VOCAB], (c) => c.charCodeAt(0)),
      ),
    ],
    multiplier,
    shift,
    scales: { embedScale: embed.scale, fc1WeightScale: w1.scale, hiddenScale, outWeightScale: w2.scale },
  };
}

/**
 * One decoding step's network on the context in slot `ctxSlot`, its ops numbered from `first`:
 * gather (embeddings by ASCII byte) → reshape → matmul (ReLU, int8) → matmul (int32 logits) → argmax.
 */
function stepOps(config: TextModelConfig, q: QuantisedText, ctxSlot: number, first: number): OpDescriptor[] {
  const rows = 1;
  const { context: C, embed: d, hidden: H } = config;
  const V = VOCAB.length;
  return [
    op({
      op: 'gather',
      inputA: ctxSlot,
      paramA: PARAM.embed,
      rows: C,
      cols: d,
      dtype: 'int8',
      attrB: ASCII_ROWS,
    }),
    op({ op: 'reshape', inputA: first, rows, cols: C * d, dtype: 'int8' }),
    op({
      op: 'matmul',
      inputA: first + 1,
      paramA: PARAM.w1,
      paramB: PARAM.b1,
      rows,
      cols: H,
      dtype: 'int8',
      multiplier: q.multiplier,
      shift: q.shift,
      zeroPoint: 0,
      attrA: 1,
    }),
    op({ op: 'matmul', inputA: first + 2, paramA: PARAM.w2, paramB: PARAM.b2, rows, cols: V, dtype: 'int32' }),
    op({ op: 'argmax', inputA: first + 3, rows, cols: 1, dtype: 'int32' }),
  ];
}

/**
 * The generation graph: `outputChars` decoding steps unrolled. Each step runs the network on the
 * context slot, turns the argmax into its ASCII byte (a gather from `vocab.ascii`), shifts it into
 * the context (slice + concat) and appends it to the output (concat); the last op is the output.
 */
export function textGraph(config: TextModelConfig, q: QuantisedText): OpDescriptor[] {
  const C = config.context;
  const graph: OpDescriptor[] = [];
  let ctx = 0;
  let out = 0;
  for (let t = 1; t <= config.outputChars; t++) {
    graph.push(...stepOps(config, q, ctx, graph.length + 1));
    const argmax = graph.length;
    graph.push(
      op({ op: 'gather', inputA: argmax, paramA: PARAM.chars, rows: 1, cols: 1, dtype: 'int8', attrB: VOCAB.length }),
    );
    const char = graph.length;
    if (t < config.outputChars) {
      graph.push(op({ op: 'slice', inputA: ctx, rows: 1, cols: C - 1, dtype: 'int8', attrB: 1 }));
      graph.push(op({ op: 'concat', inputA: graph.length, inputB: char, rows: 1, cols: C, dtype: 'int8', attrA: 1 }));
      ctx = graph.length;
    }
    if (t > 1) graph.push(op({ op: 'concat', inputA: out, inputB: char, rows: 1, cols: t, dtype: 'int8', attrA: 1 }));
    out = t > 1 ? graph.length : char;
  }
  return graph;
}

/**
 * Next-character accuracy of a text package over every position of `verses`, computed with the
 * runtime's own ops: the package's first decoding step (gather → reshape → matmul → matmul →
 * argmax, its first five ops) re-shaped to 256 contexts at a time, on `backend`.
 */
export async function heldOutAccuracy(
  pkg: Pick<ModelPackage, 'graph' | 'params'> & { manifest: { io: { input: { cols: number } } } },
  verses: string[],
  backend: Backend = createWasmBackend(),
): Promise<number> {
  const C = pkg.manifest.io.input.cols;
  const step = pkg.graph.slice(0, 5);
  if (step.map((d) => d.op).join() !== 'gather,reshape,matmul,matmul,argmax') {
    throw new Error('not a text-generation package: its first step must be gather, reshape, matmul, matmul, argmax');
  }
  const { stream, targets } = encodeVerses(verses, C);
  const ascii = Uint8Array.from(VOCAB, (c) => c.charCodeAt(0));
  let correct = 0;
  for (let start = 0; start < targets.length; start += 256) {
    const rows = Math.min(256, targets.length - start);
    const ctx: Tensor = { rows: 1, cols: rows * C, dtype: 'int8', data: new Int32Array(rows * C) };
    for (let b = 0; b < rows; b++) {
      for (let c = 0; c < C; c++) ctx.data[b * C + c] = ascii[stream[targets[start + b]! - C + c]!]!;
    }
    const slots: Tensor[] = [ctx];
    for (const d of step) {
      const batched = { ...d, rows: d.op === 'gather' ? rows * C : rows };
      const params = { a: pkg.params[d.paramA], b: d.op === 'matmul' ? pkg.params[d.paramB] : undefined };
      slots.push(await backend.execute(batched, { a: slots[d.inputA]! }, params));
    }
    const predicted = slots[5]!.data;
    for (let b = 0; b < rows; b++) if (predicted[b] === stream[targets[start + b]!]) correct++;
  }
  return correct / targets.length;
}

/** Prompts whose generations docs/runtime.md shows. */
export const SAMPLE_PROMPTS = [
  'In the beginning',
  'And God said',
  'The Lord is my shepherd',
  'Blessed are the',
  'And Jesus answered',
  'Love',
];

/** Trains, quantises and evaluates the text model; returns the package, its metrics and samples. */
export async function trainTextPackage(
  config: TextModelConfig = TEXT_MODEL,
  log: (line: string) => void = () => {},
): Promise<ReturnType<typeof buildPackage> & { metrics: Record<string, number>; samples: [string, string][] }> {
  const { train, heldOut } = loadCorpus(config.heldOutEvery);
  const net = trainTextMlp(config, train, (step, loss) => log(`step ${step}: loss ${loss.toFixed(4)}`));
  const q = quantiseText(
    net,
    train.filter((_, i) => i % 20 === 0),
  );
  const contents = {
    name: config.name,
    version: '1.0.0',
    description: `Character-level text generator trained on the King James Version: an MLP over the last ${config.context} characters (embedding ${config.embed} → ${config.hidden} ReLU → ${VOCAB.length} characters) with greedy decoding of ${config.outputChars} characters unrolled into the graph.`,
    license: 'MIT',
    developer: config.developer,
    io: {
      input: { rows: 1, cols: config.context, dtype: 'int8' as const },
      output: { rows: 1, cols: config.outputChars, dtype: 'int8' as const },
    },
    params: q.params,
    graph: textGraph(config, q),
    preprocessing: `ASCII text. Lower-case the prompt, keep only the characters ${JSON.stringify(VOCAB.slice(1))}, take the last ${config.context} and left-pad them with '\\n' (byte 10) to exactly ${config.context} bytes. The output is ${config.outputChars} ASCII bytes of continuation; a '\\n' ends the verse, so cut the text there.`,
    quantisation: {
      ...q.scales,
      calibration: 'max of hidden activations over every 20th training verse',
      corpus: 'King James Version (public domain), Debian package bible-kjv 4.38',
    },
  };
  const floatAcc = floatAccuracy(net, heldOut);
  const draft = buildPackage(contents);
  const pkg = loadPackage(draft.manifest, draft.paramsBytes);
  const int8Acc = await heldOutAccuracy(pkg, heldOut);
  const prompts = heldOut.filter((_, i) => i % 16 === 0).map((v) => v.slice(0, 24));
  const one = net.batchOf(1);
  let agree = 0;
  for (const prompt of prompts) {
    const trace = await runModel(pkg, encodeTextPrompt(prompt, config.context));
    const int8 = String.fromCharCode(...trace.slots[trace.opCount]!.data);
    const float = generateFloat(net, prompt, one);
    for (let i = 0; i < config.outputChars; i++) if (int8[i] === float[i]) agree++;
  }
  const metrics = {
    accuracyFloat: floatAcc,
    accuracyInt8: int8Acc,
    greedyAgreementInt8Float: agree / (prompts.length * config.outputChars),
    heldOutCharacters: encodeVerses(heldOut, config.context).targets.length,
    trainSteps: config.steps,
    trainBatch: config.batch,
  };
  const built = buildPackage({ ...contents, metrics });
  const samples: [string, string][] = [];
  for (const prompt of SAMPLE_PROMPTS) {
    const trace = await runModel(pkg, encodeTextPrompt(prompt, config.context));
    samples.push([prompt, decodeTextOutput(Uint8Array.from(trace.slots[trace.opCount]!.data))]);
  }
  return { ...built, metrics, samples };
}

async function main(): Promise<void> {
  const started = Date.now();
  // `trainText.ts [steps] [JSON overrides]` tries other settings without writing the package.
  const steps = process.argv[2] ? Number(process.argv[2]) : TEXT_MODEL.steps;
  const overrides = process.argv[3] ? (JSON.parse(process.argv[3]) as Partial<TextModelConfig>) : {};
  const config: TextModelConfig = { ...TEXT_MODEL, ...overrides, steps };
  const pkg = await trainTextPackage(config, (line) =>
    console.log(`${line} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
  );
  if (steps === TEXT_MODEL.steps && !process.argv[3]) writePackage(path.join(MODELS_DIR, TEXT_MODEL.name), pkg);
  console.log(
    JSON.stringify({ ...pkg.metrics, modelHash: pkg.manifest.commitment.modelHash, bytes: pkg.paramsBytes.length }),
  );
  for (const [prompt, text] of pkg.samples) console.log(`${prompt} → ${text}`);
  console.log(`trained in ${(Date.now() - started) / 1000} s`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
