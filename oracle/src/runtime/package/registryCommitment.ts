import { DTYPES } from '../types';
import type { Manifest } from './manifest';

/** A package's commitment in the shape `ModelRegistry` takes it (`IModelRegistry.Commitment`). */
export interface RegistryCommitment {
  graphRoot: string;
  paramsRoot: string;
  io: {
    inputRows: number;
    inputCols: number;
    inputDtype: number;
    outputRows: number;
    outputCols: number;
    outputDtype: number;
  };
  opCount: number;
  stateDepth: number;
}

/**
 * The registry's view of a package's commitment: its roots, io spec (dtype codes), n and D.
 *
 * @example
 * await registry.register({ commitment: registryCommitment(pkg.manifest), ... });
 */
export function registryCommitment(manifest: Manifest): RegistryCommitment {
  const c = manifest.commitment;
  const { input, output } = manifest.io;
  return {
    graphRoot: c.graphRoot,
    paramsRoot: c.paramsRoot,
    io: {
      inputRows: input.rows,
      inputCols: input.cols,
      inputDtype: DTYPES[input.dtype],
      outputRows: output.rows,
      outputCols: output.cols,
      outputDtype: DTYPES[output.dtype],
    },
    opCount: c.opCount,
    stateDepth: c.stateDepth,
  };
}
