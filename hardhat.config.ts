import path from 'node:path';
import { subtask } from 'hardhat/config';
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from 'hardhat/builtin-tasks/task-names';
import type { HardhatUserConfig } from 'hardhat/types';
import '@nomicfoundation/hardhat-ethers';
import '@nomicfoundation/hardhat-chai-matchers';
import '@typechain/hardhat';

/** The one compiler version: taken from the npm package `solc`, never downloaded. */
const SOLC_VERSION = '0.8.30';

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require('solc') as { version(): string };
  return {
    compilerPath: path.join(path.dirname(require.resolve('solc')), 'soljson.js'),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version(),
  };
});

/** Interval mining for the local node, so block time passes and challenge windows close. */
const MINING_INTERVAL_MS = Number(process.env.IMO_BLOCK_INTERVAL_MS ?? 2000);

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'prague',
    },
  },
  networks: {
    hardhat: {
      hardfork: 'prague',
      // The unit tests control time themselves; `npm start` runs the node with interval mining.
      mining: process.env.IMO_NODE_MINING === 'interval' ? { auto: true, interval: MINING_INTERVAL_MS } : undefined,
      // The local node (`npm start`, the end-to-end tests and benches set IMO_NODE_MINING) keeps the
      // wall clock: blocks mined in the same second share its timestamp, as on rollups that seal
      // several blocks a second. Otherwise each automined block adds a second, and under load the
      // chain's clock runs dozens of times faster than time (100 transfers in 1.7 s moved it 100 s),
      // so response and challenge windows close in a fraction of their length.
      allowBlocksWithSameTimestamp: process.env.IMO_NODE_MINING !== undefined,
    },
    localhost: { url: process.env.IMO_RPC_URL ?? 'http://127.0.0.1:8545' },
  },
  typechain: { outDir: 'typechain-types', target: 'ethers-v6' },
  mocha: { timeout: 120_000 },
};

export default config;
