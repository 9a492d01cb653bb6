import { ADD_KERNEL, LUT_KERNEL } from './elementwiseKernels';
import { ARGMAX_KERNEL, COPY_KERNEL, GATHER_KERNEL } from './layoutKernels';
import { GEMM_KERNEL, GEMV_KERNEL, PACK_ROWS_KERNEL } from './matmulKernels';

/** Every kernel of the WebGPU backend, by name. */
export const KERNELS = {
  add: ADD_KERNEL,
  lut: LUT_KERNEL,
  gather: GATHER_KERNEL,
  copy: COPY_KERNEL,
  argmax: ARGMAX_KERNEL,
  packRows: PACK_ROWS_KERNEL,
  gemv: GEMV_KERNEL,
  gemm: GEMM_KERNEL,
} as const;

export type KernelName = keyof typeof KERNELS;
