import type { OpDescriptor, Tensor } from './types';

/**
 * What a backend computes: the output tensor of one op from its input slot tensors and its
 * parameter tensors. Every backend must return exactly the reference backend's bytes.
 */
export interface Backend {
  readonly name: string;
  execute(
    op: OpDescriptor,
    inputs: { a: Tensor; b?: Tensor },
    params: { a?: Tensor; b?: Tensor },
  ): Tensor | Promise<Tensor>;
}
