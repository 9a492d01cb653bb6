import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { describeOutput } from '../../client/describeOutput';
import { packModel } from '../../node/packModel';
import { toHex } from '../../runtime';
import { ioOf } from '../context/dtypes';
import { badArgument, CliError } from '../CliError';
import { openSession, walletOf, type GlobalOptions } from '../context/connect';
import { readPackageDir } from '../context/modelPackage';
import { Output } from '../context/output';
import { BACKEND_CHOICES, inputBytes, runLocally } from '../context/runLocally';
import { parseAddress, parseChoice, parseId } from '../context/parseArguments';

/** `imo model pack | verify | run`: packages on the developer's machine. */
export function registerModelCommands(program: Command): void {
  const model = program.command('model').description('pack, verify and run model packages locally');

  model
    .command('pack')
    .description('build a verified package (manifest.json + params.bin) from <dir>/model.json and its weight files')
    .argument('<dir>', 'a folder holding model.json (format: docs/cli.md#model-pack)')
    .option(
      '--developer <address>',
      "the developer's address, bound into modelHash (default: the key's address)",
      parseAddress,
    )
    .option('--out <dir>', 'where to write the package (default: <dir>/package)')
    .action(async (dir: string, opts: { developer?: string; out?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const out = new Output(g.json === true);
      const developer = opts.developer ?? (await walletOf(g))?.address;
      if (!developer)
        throw badArgument('model pack: give --developer <address> or a key (the package is bound to its developer)');
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
        throw badArgument(`model pack: ${dir} is not a folder`);
      let packed;
      try {
        packed = packModel(dir, developer);
      } catch (error) {
        throw badArgument(`model pack: ${error instanceof Error ? error.message : String(error)}`);
      }
      const target = opts.out ?? path.join(dir, 'package');
      fs.mkdirSync(target, { recursive: true });
      fs.writeFileSync(path.join(target, 'manifest.json'), `${JSON.stringify(packed.manifest, null, 2)}\n`);
      fs.writeFileSync(path.join(target, packed.manifest.paramsFile), packed.paramsBytes);
      const c = packed.manifest.commitment;
      out.result({ dir: target, developer, ...c, paramsBytes: packed.paramsBytes.length }, () => [
        `packed ${packed.manifest.name} ${packed.manifest.version} into ${target}`,
        `developer   ${developer}`,
        `modelHash   ${c.modelHash}`,
        `graphRoot   ${c.graphRoot}`,
        `paramsRoot  ${c.paramsRoot}`,
        `ops         ${c.opCount} (state depth ${c.stateDepth}); params ${packed.paramsBytes.length} bytes`,
        `launch it from ${developer}: imo launch ${target} --config launch.json`,
      ]);
    });

  model
    .command('verify')
    .description('recompute every root of a package; with --model-id, compare it with the registered model')
    .argument('<dir>', 'a package folder (manifest.json and its params file)')
    .option('--model-id <id>', 'the registered model to compare with (needs the RPC)', parseId)
    .action(async (dir: string, opts: { modelId?: bigint }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const out = new Output(g.json === true);
      const pkg = readPackageDir(dir);
      const c = pkg.manifest.commitment;
      const checks: { what: string; ok: boolean; package: string; chain?: string }[] = [
        { what: 'graphRoot', ok: true, package: c.graphRoot },
        { what: 'paramsRoot', ok: true, package: c.paramsRoot },
        { what: 'modelHash', ok: true, package: c.modelHash },
      ];
      if (opts.modelId !== undefined) {
        const session = await openSession(g, false);
        try {
          const m = await session.registry.getModel(opts.modelId).catch(() => {
            throw new CliError('FAILED', `there is no model #${opts.modelId}`);
          });
          const [registered] = await session.registry.queryFilter(
            session.registry.filters.ModelRegistered(opts.modelId),
            session.deployment.blockNumber,
          );
          const compare = (what: string, mine: string, theirs: string) =>
            checks.push({
              what: `${what} = model #${opts.modelId}'s`,
              ok: mine.toLowerCase() === theirs.toLowerCase(),
              package: mine,
              chain: theirs,
            });
          compare('modelHash', c.modelHash, m.modelHash);
          compare('developer', pkg.manifest.developer, m.developer);
          if (registered) {
            compare('graphRoot', c.graphRoot, registered.args.commitment.graphRoot);
            compare('paramsRoot', c.paramsRoot, registered.args.commitment.paramsRoot);
          }
          compare('io', JSON.stringify(pkg.manifest.io), JSON.stringify(ioOf(m.io)));
          compare('ops', String(pkg.graph.length), String(m.opCount));
        } finally {
          session.close();
        }
      }
      const ok = checks.every((x) => x.ok);
      out.result({ ok, checks }, () => [
        `${pkg.manifest.name} ${pkg.manifest.version}: every root recomputed from the bytes`,
        ...checks.map(
          (x) =>
            `${x.ok ? '✓' : '✗'} ${x.what}: ${x.package}${x.chain !== undefined && !x.ok ? ` (chain: ${x.chain})` : ''}`,
        ),
      ]);
      if (!ok) throw new CliError('MISMATCH', `the package in ${dir} is not model #${opts.modelId}`);
    });

  model
    .command('run')
    .description('run a package on an input locally: the output and the state root S_n')
    .argument('<dir>', 'a package folder (manifest.json and its params file)')
    .requiredOption('--input <value>', 'the input: 0x-hex, a JSON array of values, text:<prompt>, or @file')
    .option('--backend <mode>', 'cpu (WebAssembly), gpu (WebGPU) or auto', parseChoice(BACKEND_CHOICES), 'cpu')
    .action(async (dir: string, opts: { input: string; backend: (typeof BACKEND_CHOICES)[number] }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const out = new Output(g.json === true);
      const pkg = readPackageDir(dir);
      const io = pkg.manifest.io;
      const input = inputBytes(opts.input, io.input);
      const { trace, ms, backend } = await runLocally(pkg, input, opts.backend);
      const decoded = describeOutput(trace.output, io.output.dtype, pkg.manifest.labels);
      const stateRoot = toHex(trace.finalStateRoot);
      out.result({ output: toHex(trace.output), ...decoded, stateRoot, ops: trace.opCount, ms, backend }, () => [
        `output      ${toHex(trace.output)}`,
        `decoded     ${decoded.text !== undefined ? JSON.stringify(decoded.text) : decoded.values.join(', ')}${decoded.label !== undefined ? ` (label ${decoded.label})` : ''}`,
        `S_n         ${stateRoot}`,
        `ran ${trace.opCount} ops in ${ms.toFixed(1)} ms on ${backend.name}${backend.fallbackReason ? ` (${backend.fallbackReason})` : ''}`,
      ]);
    });
}
