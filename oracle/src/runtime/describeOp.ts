import type { OpDescriptor } from './types';

/**
 * An op descriptor with every field the caller does not set at 0: the canonical encoding, where
 * fields an op does not use must be 0.
 *
 * @example
 * const argmax = describeOp({ op: 'argmax', inputA: 2, rows: 1, cols: 1, dtype: 'int32' });
 */
export function describeOp(
  fields: Pick<OpDescriptor, 'op' | 'rows' | 'cols' | 'dtype'> & Partial<OpDescriptor>,
): OpDescriptor {
  return {
    inputA: 0,
    inputB: 0,
    paramA: 0,
    paramB: 0,
    multiplier: 0,
    multiplierB: 0,
    shift: 0,
    zeroPoint: 0,
    attrA: 0,
    attrB: 0,
    ...fields,
  };
}
