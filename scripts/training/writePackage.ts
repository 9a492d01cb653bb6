import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../../oracle/src/runtime';

/** Writes `manifest.json` and the params file into `dir`. */
export function writePackage(dir: string, pkg: { manifest: Manifest; paramsBytes: Uint8Array }): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(pkg.manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, pkg.manifest.paramsFile), pkg.paramsBytes);
}
