import fs from 'node:fs';
import path from 'node:path';
import { readModelPackage } from '../../node/readModelPackage';
import { loadPackage, toHex, type ModelPackage } from '../../runtime';
import { badArgument, CliError } from '../CliError';
import type { Session } from './connect';

/** The repository root (the demo's package URIs are paths inside it). */
const REPO_ROOT = path.join(__dirname, '..', '..', '..', '..');

/**
 * A package folder (`manifest.json` and its params file), loaded and verified: every root and the
 * modelHash recomputed. A folder that is missing or does not verify is a bad argument.
 */
export function readPackageDir(dir: string, what = 'the package'): ModelPackage {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw badArgument(
      `${what}: ${path.join(dir, 'manifest.json')} does not exist (a package folder holds manifest.json and params.bin)`,
    );
  }
  try {
    return readModelPackage(dir);
  } catch (error) {
    throw badArgument(`${what} in ${dir} does not verify: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Loads the package a package URI names: a path (relative to the working directory or the repository), file:// or http(s)://. */
async function packageAt(uri: string): Promise<ModelPackage> {
  if (/^https?:\/\//.test(uri)) {
    const manifestText = new TextDecoder().decode(await fetchBytes(uri));
    const paramsFile = (JSON.parse(manifestText) as { paramsFile?: string }).paramsFile ?? 'params.bin';
    return loadPackage(manifestText, await fetchBytes(new URL(paramsFile, uri).toString()));
  }
  const file = uri.startsWith('file://') ? new URL(uri).pathname : uri;
  const candidates = path.isAbsolute(file) ? [file] : [path.resolve(file), path.join(REPO_ROOT, file)];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`${uri} is not a file here (tried ${candidates.join(', ')})`);
  return readModelPackage(fs.statSync(found).isDirectory() ? found : path.dirname(found));
}

/**
 * The verified package of model `modelId`: from `--package <dir>` if given, else from the model's
 * on-chain package URI; either way it must be the model's (its modelHash equal to the registry's).
 */
export async function packageForModel(session: Session, modelId: bigint, packageDir?: string): Promise<ModelPackage> {
  const model = await session.registry.getModel(modelId).catch(() => {
    throw new CliError('FAILED', `there is no model #${modelId}`);
  });
  let pkg: ModelPackage;
  if (packageDir) pkg = readPackageDir(packageDir, '--package');
  else {
    const [registered] = await session.registry.queryFilter(
      session.registry.filters.ModelRegistered(modelId),
      session.deployment.blockNumber,
    );
    const uri = registered?.args.packageURI;
    if (!uri) throw new CliError('FAILED', `model #${modelId} has no package URI on chain: pass --package <dir>`);
    try {
      pkg = await packageAt(uri);
    } catch (error) {
      throw new CliError(
        'FAILED',
        `the package of model #${modelId} at ${uri} could not be loaded (${error instanceof Error ? error.message : String(error)}): pass --package <dir>`,
      );
    }
  }
  if (toHex(pkg.modelHash) !== model.modelHash.toLowerCase()) {
    throw new CliError(
      'FAILED',
      `that package is not model #${modelId}'s: its modelHash is ${toHex(pkg.modelHash)}, the registry's ${model.modelHash}`,
    );
  }
  return pkg;
}
