import type { Backend } from './backend';
import { RuntimeError } from './errors';
import * as ops from './ops/referenceOps';
import type { OpDescriptor, Tensor } from './types';

function need<T>(value: T | undefined, what: string, op: OpDescriptor): T {
  if (value === undefined) throw new RuntimeError('SHAPE_MISMATCH', `${op.op} needs ${what}`);
  return value;
}

/** The readable reference backend: the definition every other backend is tested against. */
export const referenceBackend: Backend = {
  name: 'reference',
  execute(op, inputs, params): Tensor {
    switch (op.op) {
      case 'matmul':
        return ops.matmul(op, inputs.a, need(params.a, 'weights', op), need(params.b, 'bias', op));
      case 'add':
        return ops.add(op, inputs.a, need(inputs.b, 'a second input', op));
      case 'lut':
        return ops.lut(inputs.a, need(params.a, 'a table', op));
      case 'gather':
        return ops.gather(inputs.a, need(params.a, 'a table', op));
      case 'concat':
        return ops.concat(op, inputs.a, need(inputs.b, 'a second input', op));
      case 'slice':
        return ops.slice(op, inputs.a);
      case 'argmax':
        return ops.argmax(inputs.a);
      case 'reshape':
        return ops.reshape(op, inputs.a);
    }
  },
};
