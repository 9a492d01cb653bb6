import fs from 'node:fs';
import path from 'node:path';
import type { Provider } from 'ethers';

/** Where Hardhat writes the compiled artifacts (`npx hardhat compile`). */
export const ARTIFACTS_DIR = path.join(__dirname, '..', '..', 'artifacts');

/** The outcome of comparing one deployed contract's code with its compiled artifact. */
export interface BytecodeCheck {
  name: string;
  address: string;
  ok: boolean;
  /** Why it failed (no code, other length, first differing byte). */
  reason?: string;
}

interface CompiledCode {
  deployed: Uint8Array;
  /** Byte ranges the constructor fills in (immutables): they differ per deployment. */
  immutables: { start: number; length: number }[];
}

function findArtifact(name: string, dir = path.join(ARTIFACTS_DIR, 'contracts')): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found =
        entry.name === `${name}.sol` && fs.existsSync(path.join(full, `${name}.json`))
          ? path.join(full, `${name}.json`)
          : findArtifact(name, full);
      if (found) return found;
    }
  }
  return undefined;
}

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/^0x/, ''), 'hex'));

/** A contract's deployed bytecode and immutable ranges from the artifacts and their build info. */
function compiledCode(name: string): CompiledCode {
  const artifactFile = findArtifact(name);
  if (!artifactFile)
    throw new Error(`no compiled artifact for ${name} under ${ARTIFACTS_DIR} (run npx hardhat compile)`);
  const artifact = JSON.parse(fs.readFileSync(artifactFile, 'utf8')) as {
    sourceName: string;
    deployedBytecode: string;
  };
  const dbg = JSON.parse(fs.readFileSync(artifactFile.replace(/\.json$/, '.dbg.json'), 'utf8')) as {
    buildInfo: string;
  };
  const buildInfo = JSON.parse(fs.readFileSync(path.resolve(path.dirname(artifactFile), dbg.buildInfo), 'utf8')) as {
    output: {
      contracts: Record<
        string,
        Record<
          string,
          { evm: { deployedBytecode: { immutableReferences?: Record<string, { start: number; length: number }[]> } } }
        >
      >;
    };
  };
  const refs = buildInfo.output.contracts[artifact.sourceName]?.[name]?.evm.deployedBytecode.immutableReferences ?? {};
  return { deployed: bytes(artifact.deployedBytecode), immutables: Object.values(refs).flat() };
}

/**
 * Compares each deployed contract's runtime code with the compiled artifact's, byte for byte, except
 * the immutables the constructor fills in (their ranges come from the compiler's build info). A
 * match proves the chain runs exactly the audited sources at that address.
 *
 * @example
 * const checks = await verifyDeployedBytecode(provider, { AIOracle: '0x…', ModelRegistry: '0x…' });
 */
export async function verifyDeployedBytecode(
  provider: Provider,
  contracts: Record<string, string | undefined>,
): Promise<BytecodeCheck[]> {
  const checks: BytecodeCheck[] = [];
  for (const [name, address] of Object.entries(contracts)) {
    if (!address) continue;
    const expected = compiledCode(name);
    const actual = bytes(await provider.getCode(address));
    const check = (reason?: string) =>
      checks.push({ name, address, ok: reason === undefined, ...(reason ? { reason } : {}) });
    if (actual.length === 0) {
      check('no code at the address');
      continue;
    }
    if (actual.length !== expected.deployed.length) {
      check(`the code is ${actual.length} bytes; the artifact's is ${expected.deployed.length}`);
      continue;
    }
    const masked = new Uint8Array(actual.length);
    for (const { start, length } of expected.immutables) masked.fill(1, start, start + length);
    const differs = actual.findIndex((b, i) => !masked[i] && b !== expected.deployed[i]);
    check(differs < 0 ? undefined : `byte ${differs} differs from the artifact`);
  }
  return checks;
}
