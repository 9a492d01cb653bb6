import fs from 'node:fs';
import { encodeModelInput } from '../../client/modelInput';
import { selectNodeBackend } from '../../node/selectNodeBackend';
import { runModel, type BackendDescription, type BackendMode, type ModelPackage, type Trace } from '../../runtime';
import type { TensorSpec } from '../../runtime/types';
import { badArgument } from '../CliError';

/** The backend modes `--backend` takes. */
export const BACKEND_CHOICES: readonly BackendMode[] = ['cpu', 'gpu', 'auto'];

/**
 * An `--input` value as request bytes: `@file` (its raw bytes), or one of the forms of
 * `encodeModelInput` (0x-hex, a JSON array, `text:<prompt>`); a bad one is a bad argument.
 */
export function inputBytes(value: string, io: TensorSpec): Uint8Array {
  if (value.startsWith('@')) {
    const file = value.slice(1);
    if (!fs.existsSync(file)) throw badArgument(`--input: ${file} does not exist`);
    const bytes = new Uint8Array(fs.readFileSync(file));
    const max = io.rows * io.cols * (io.dtype === 'int8' ? 1 : 4);
    if (bytes.length > max)
      throw badArgument(`--input: ${file} is ${bytes.length} bytes; this model takes at most ${max}`);
    return bytes;
  }
  try {
    return encodeModelInput(value, io);
  } catch (error) {
    throw badArgument(`--input: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A local run: the trace, how long the run took (with `S_n`), and which backend ran it. */
export interface LocalRun {
  trace: Trace;
  ms: number;
  backend: BackendDescription;
}

/**
 * Runs a request locally on the chosen backend (WebAssembly by default) and computes `S_n`.
 *
 * @example
 * const { trace, ms } = await runLocally(pkg, input, 'cpu');
 */
export async function runLocally(pkg: ModelPackage, input: Uint8Array, mode: BackendMode = 'cpu'): Promise<LocalRun> {
  const selected = await selectNodeBackend(mode, { threads: 1 });
  try {
    const started = performance.now();
    const trace = await runModel(pkg, input, selected.backend);
    void trace.finalStateRoot;
    return { trace, ms: performance.now() - started, backend: selected.description };
  } finally {
    selected.close();
  }
}
