import type { ModelPackage } from './package/loadPackage';
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
  /**
   * Optional graph-level entry, for backends where a host round trip per op would waste the device
   * (WebGPU): runs every op of `pkg` on a batch of input tensors (slot 0 of each request) and
   * returns, per request and in order, every slot 0…n. Each request's slots must equal running
   * `execute` op by op on that request alone. `runModel` and `runModelBatch` use it when present.
   */
  runGraph?(pkg: ModelPackage, inputs: Tensor[]): Promise<Tensor[][]>;
}
