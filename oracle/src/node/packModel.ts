import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { buildPackage } from '../runtime/package/buildPackage';
import { loadPackage, type ModelPackage } from '../runtime/package/loadPackage';
import { opDescriptorSchema, tensorSpecSchema } from '../runtime/package/manifest';
import { describeOp } from '../runtime/describeOp';
import { RuntimeError } from '../runtime/errors';
import type { Manifest } from '../runtime/package/manifest';
import type { Tensor } from '../runtime/types';

/**
 * `imo model pack <dir>`: a model described in `<dir>/model.json` plus its weight files becomes a
 * verified package (`manifest.json` + `params.bin`) bound to a developer's address.
 *
 * `model.json`:
 * - `name`, `version`, `license` (SPDX id), optional `description`, `preprocessing`, `labels`;
 * - `io`: `{ input: { rows, cols, dtype }, output: { rows, cols, dtype } }` (dtype `int8` or `int32`);
 * - `params`: the parameter tensors in order, each `{ name, rows, cols, dtype }` with its values either
 *   in `file` (raw row-major bytes next to model.json: int8 one byte each, int32 four bytes
 *   little-endian each — what NumPy's `a.astype('<i4').tofile(f)` writes) or inline in `values`;
 * - `graph`: the ops in order as in `runtime-spec.md` (`{ op, inputA, paramA, …, rows, cols, dtype }`;
 *   fields left out are 0).
 */

const paramSchema = tensorSpecSchema
  .extend({
    name: z.string().min(1),
    file: z.string().min(1).optional(),
    values: z.array(z.number().int()).optional(),
  })
  .strict()
  .refine((p) => (p.file === undefined) !== (p.values === undefined), 'give exactly one of "file" and "values"');

/** The schema of `model.json`. */
export const modelDescriptionSchema = z
  .object({
    name: z.string().min(1).max(64),
    version: z.string().min(1),
    description: z.string().optional(),
    license: z.string().min(1).max(32),
    preprocessing: z.string().optional(),
    labels: z.array(z.string()).optional(),
    io: z.object({ input: tensorSpecSchema, output: tensorSpecSchema }).strict(),
    params: z.array(paramSchema),
    graph: z.array(opDescriptorSchema.partial().required({ op: true, rows: true, cols: true, dtype: true })).min(1),
  })
  .strict();

export type ModelDescription = z.infer<typeof modelDescriptionSchema>;

const RANGE = { int8: [-128, 127], int32: [-(2 ** 31), 2 ** 31 - 1] } as const;

function tensorOf(dir: string, p: ModelDescription['params'][number], index: number): Tensor & { name: string } {
  const count = p.rows * p.cols;
  const where = `params[${index}] (${p.name})`;
  let data: Int32Array;
  if (p.values) {
    if (p.values.length !== count) {
      throw new RuntimeError(
        'SHAPE_MISMATCH',
        `${where}: ${p.rows} × ${p.cols} needs ${count} values, found ${p.values.length}`,
      );
    }
    data = Int32Array.from(p.values);
  } else {
    const file = path.join(dir, p.file!);
    if (path.basename(p.file!) !== p.file)
      throw new RuntimeError('MALFORMED_MANIFEST', `${where}: "file" must be a plain file name next to model.json`);
    if (!fs.existsSync(file)) throw new RuntimeError('TRUNCATED_PARAMS', `${where}: ${file} does not exist`);
    const bytes = fs.readFileSync(file);
    const size = p.dtype === 'int8' ? 1 : 4;
    if (bytes.length !== count * size) {
      throw new RuntimeError(
        'TRUNCATED_PARAMS',
        `${where}: ${p.rows} × ${p.cols} ${p.dtype} is ${count * size} bytes; ${p.file} has ${bytes.length}`,
      );
    }
    data = new Int32Array(count);
    for (let i = 0; i < count; i++) data[i] = p.dtype === 'int8' ? bytes.readInt8(i) : bytes.readInt32LE(i * 4);
  }
  const [lo, hi] = RANGE[p.dtype];
  const bad = data.findIndex((v) => v < lo || v > hi);
  if (bad >= 0)
    throw new RuntimeError(
      'SHAPE_MISMATCH',
      `${where}: value ${bad} is ${data[bad]}, outside ${p.dtype} (${lo} to ${hi})`,
    );
  return { name: p.name, rows: p.rows, cols: p.cols, dtype: p.dtype, data };
}

/**
 * Reads `<dir>/model.json` and its weight files and builds the package for `developer`, then loads
 * it back (every rule of `validateGraph` checked, every root recomputed). Errors say which field or
 * file is wrong.
 *
 * @example
 * const { manifest, paramsBytes, pkg } = packModel('my-model', '0x7099…79C8');
 */
export function packModel(
  dir: string,
  developer: string,
): { manifest: Manifest; paramsBytes: Uint8Array; pkg: ModelPackage } {
  const file = path.join(dir, 'model.json');
  if (!fs.existsSync(file))
    throw new RuntimeError('MALFORMED_MANIFEST', `${file} does not exist (describe the model there: see docs/cli.md)`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RuntimeError(
      'MALFORMED_MANIFEST',
      `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = modelDescriptionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RuntimeError(
      'MALFORMED_MANIFEST',
      `model.json: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
  }
  const d = parsed.data;
  const built = buildPackage({
    name: d.name,
    version: d.version,
    description: d.description,
    license: d.license,
    developer,
    io: d.io,
    params: d.params.map((p, i) => tensorOf(dir, p, i)),
    graph: d.graph.map((op) => describeOp(op)),
    preprocessing: d.preprocessing,
    labels: d.labels,
  });
  const pkg = loadPackage(JSON.stringify(built.manifest), built.paramsBytes);
  return { ...built, pkg };
}

/**
 * The description of an existing package (what `packModel` reads back into the same package for
 * any developer): `model.json` with its weights inline. Lets a developer start from a bundled model.
 *
 * @example
 * fs.writeFileSync('my-model/model.json', JSON.stringify(describePackage(pkg), null, 2));
 */
export function describePackage(pkg: ModelPackage): ModelDescription {
  const m = pkg.manifest;
  return {
    name: m.name,
    version: m.version,
    description: m.description,
    license: m.license,
    preprocessing: m.preprocessing,
    ...(m.labels ? { labels: m.labels } : {}),
    io: m.io,
    params: pkg.params.map((t, i) => ({
      name: m.params[i]!.name,
      rows: t.rows,
      cols: t.cols,
      dtype: t.dtype,
      values: Array.from(t.data),
    })),
    graph: m.graph,
  };
}
