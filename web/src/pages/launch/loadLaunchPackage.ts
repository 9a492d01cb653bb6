import { getAddress, isAddressEqual, type Address, type Hex } from 'viem';
import type { RegistryCommitment } from '@imo/runtime/package/registryCommitment';
import { AppError } from '../../errors';

/** A package checked for launch by the connected account. */
export interface LaunchPackage {
  name: string;
  version: string;
  description: string;
  license: string;
  developer: Address;
  modelHash: Hex;
  commitment: RegistryCommitment;
  opCount: number;
  paramsBytes: number;
}

/**
 * Loads a package in the browser with the runtime (every root recomputed from the bytes, every rule
 * checked), then recomputes its modelHash for `account`: a package packed for another address is
 * refused, since the registry binds the model to whoever packed it. The runtime loads on first use.
 *
 * @example
 * const pkg = await loadLaunchPackage(await manifestFile.text(), new Uint8Array(await paramsFile.arrayBuffer()), account);
 */
export async function loadLaunchPackage(
  manifestText: string,
  params: Uint8Array,
  account: Address,
): Promise<LaunchPackage> {
  const runtime = await import('@imo/runtime');
  let pkg: ReturnType<typeof runtime.loadPackage>;
  try {
    pkg = runtime.loadPackage(manifestText, params);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new AppError('BAD_PACKAGE', `the package does not verify: ${detail}`, { cause });
  }
  const m = pkg.manifest;
  const forAccount = runtime.toHex(
    runtime.computeModelHash({
      developer: account,
      graphRoot: pkg.graphTree.root,
      paramsRoot: pkg.paramsRoot,
      input: m.io.input,
      output: m.io.output,
      opCount: pkg.graph.length,
    }),
  );
  const packed = runtime.toHex(pkg.modelHash);
  if (forAccount !== packed || !isAddressEqual(m.developer as Address, account)) {
    throw new AppError(
      'WRONG_DEVELOPER',
      `this package was packed for ${getAddress(m.developer)} (its modelHash ${packed} binds it to that address); you are connected as ${account}, for whom it would be ${forAccount}. Connect as its developer, or pack the model again with your address.`,
    );
  }
  return {
    name: m.name,
    version: m.version,
    description: m.description,
    license: m.license,
    developer: getAddress(m.developer),
    modelHash: packed as Hex,
    commitment: runtime.registryCommitment(m),
    opCount: pkg.graph.length,
    paramsBytes: params.length,
  };
}
