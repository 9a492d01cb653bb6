/**
 * A dishonest operator's build, for the fault drills only: the oracle node with a trace transform
 * that lies about every result it posts (`IMO_TEST_LIE_SEED` picks where; `IMO_TEST_LIE_KIND`, when
 * set, fixes the kind) and defends the lie in its games. Configured like `serve` (IMO_ORACLE_* variables); stops on SIGTERM or when stdin closes.
 */
import { loadConfig } from '../../src/service/config/loadConfig';
import { OracleNode } from '../../src/service/OracleNode';
import { LIE_KINDS, dishonestTransform, type LieKind } from './dishonesty';

async function main(): Promise<void> {
  const { config } = loadConfig();
  const seed = Number(process.env.IMO_TEST_LIE_SEED ?? 1);
  const force = process.env.IMO_TEST_LIE_KIND || undefined;
  if (force !== undefined && !LIE_KINDS.includes(force as LieKind)) {
    throw new Error(`IMO_TEST_LIE_KIND must be one of ${LIE_KINDS.join(', ')}; got "${force}"`);
  }
  const transformTrace = dishonestTransform(seed, force as LieKind | undefined);
  const node = await OracleNode.start({ config, testing: { transformTrace } });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void node.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
