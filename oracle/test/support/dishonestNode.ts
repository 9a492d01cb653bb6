/**
 * A dishonest operator's build, for the fault drills only: the oracle node with a trace transform
 * that lies about every result it posts (`IMO_TEST_LIE_SEED` picks where) and defends the lie in
 * its games. Configured like `serve` (IMO_ORACLE_* variables); stops on SIGTERM or when stdin closes.
 */
import { loadConfig } from '../../src/service/config/loadConfig';
import { OracleNode } from '../../src/service/OracleNode';
import { dishonestTransform } from './dishonesty';

async function main(): Promise<void> {
  const { config } = loadConfig();
  const seed = Number(process.env.IMO_TEST_LIE_SEED ?? 1);
  const node = await OracleNode.start({ config, testing: { transformTrace: dishonestTransform(seed) } });
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
