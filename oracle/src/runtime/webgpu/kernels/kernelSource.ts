import { LINEAR_ID_WGSL, packedDotWgsl } from './prelude';
import { REQUANTIZE_WGSL } from './requantizeWgsl';

/** A storage buffer a kernel binds: its WGSL name, access and type. */
export type KernelBuffer = readonly [name: string, access: 'read' | 'read_write', type: string];

/**
 * One compute kernel: its uniform fields (one 32-bit word each, in order: the struct `P` at binding
 * 0), its storage buffers (bindings 1, 2, … in order) and its entry point `main`.
 */
export interface KernelSource {
  readonly name: string;
  readonly fields: readonly (readonly [name: string, type: 'u32' | 'i32'])[];
  readonly buffers: readonly KernelBuffer[];
  /** The declarations after the shared prelude, bindings and `P`: helpers and `main`. */
  readonly body: string;
}

/** A kernel's whole WGSL module: the shared routines, its uniform struct, its bindings, its body. */
export function kernelWgsl(kernel: KernelSource, builtinDot: boolean): string {
  const fields = kernel.fields.map(([name, type]) => `  ${name}: ${type},`).join('\n');
  const bindings = kernel.buffers
    .map(([name, access, type], i) => `@group(0) @binding(${i + 1}) var<storage, ${access}> ${name}: ${type};`)
    .join('\n');
  return [
    REQUANTIZE_WGSL,
    packedDotWgsl(builtinDot),
    LINEAR_ID_WGSL,
    `struct P {\n${fields}\n}`,
    '@group(0) @binding(0) var<uniform> p: P;',
    bindings,
    kernel.body,
  ].join('\n');
}

/** Bytes of a kernel's uniform record (its fields, rounded up to 16 as uniform structs are). */
export function uniformBytes(kernel: KernelSource): number {
  return Math.ceil((kernel.fields.length * 4) / 16) * 16;
}
