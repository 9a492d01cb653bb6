import fs from 'node:fs';
import path from 'node:path';
import { loadPackage, type LoadPackageOptions, type ModelPackage } from '../runtime/package/loadPackage';

/** The folder holding the bundled model packages (`oracle/models/<name>/`). */
export const MODELS_DIR = path.join(__dirname, '..', '..', 'models');

/**
 * Reads and validates a package from a folder holding `manifest.json` and its params file
 * (Node only; the browser fetches the same two files).
 *
 * @example
 * const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
 */
export function readModelPackage(dir: string, options: LoadPackageOptions = {}): ModelPackage {
  const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const parsed = JSON.parse(manifest) as { paramsFile?: unknown };
  const paramsFile = typeof parsed.paramsFile === 'string' ? parsed.paramsFile : 'params.bin';
  if (paramsFile.includes('/') || paramsFile.includes('..'))
    throw new Error(`paramsFile must be a plain file name, got ${paramsFile}`);
  // the Buffer itself (a Uint8Array): loadPackage keeps int8 weights as views of it, never copies
  return loadPackage(manifest, fs.readFileSync(path.join(dir, paramsFile)), options);
}
