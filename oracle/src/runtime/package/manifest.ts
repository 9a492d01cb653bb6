import { z } from 'zod';
import { OPCODES } from '../types';

const dtype = z.enum(['int8', 'int32']);
const int = z.number().int();
const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/, 'a 0x-prefixed lowercase 32-byte hex string');

export const tensorSpecSchema = z.object({ rows: int.min(1), cols: int.min(1), dtype });

export const opDescriptorSchema = z.object({
  op: z.enum(Object.keys(OPCODES) as [keyof typeof OPCODES, ...(keyof typeof OPCODES)[]]),
  inputA: int.min(0),
  inputB: int.min(0),
  paramA: int.min(0),
  paramB: int.min(0),
  rows: int.min(1),
  cols: int.min(1),
  dtype,
  multiplier: int.min(0),
  multiplierB: int.min(0),
  shift: int.min(0),
  zeroPoint: int,
  attrA: int.min(0),
  attrB: int.min(0),
});

/** The package manifest (`manifest.json`): everything but the parameter bytes. */
export const manifestSchema = z.object({
  format: z.literal('imo-model/1'),
  name: z.string().min(1).max(64),
  version: z.string().min(1),
  description: z.string().default(''),
  license: z.string().min(1).max(32),
  developer: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address'),
  io: z.object({ input: tensorSpecSchema, output: tensorSpecSchema }),
  params: z.array(tensorSpecSchema.extend({ name: z.string().min(1) })),
  paramsFile: z.string().min(1),
  graph: z.array(opDescriptorSchema).min(1),
  preprocessing: z.string().default(''),
  labels: z.array(z.string()).optional(),
  quantisation: z.record(z.string(), z.unknown()).optional(),
  metrics: z.record(z.string(), z.number()).optional(),
  commitment: z.object({
    graphRoot: hex32,
    paramsRoot: hex32,
    opCount: int.min(1),
    stateDepth: int.min(1),
    modelHash: hex32,
  }),
});

export type Manifest = z.infer<typeof manifestSchema>;
