/**
 * Typed contract bindings generated from the Hardhat artifacts (`npm run generate`): every ABI the
 * app calls, as `const` arrays in `src/contracts/generated.ts` (not committed). Addresses are not
 * baked in: they come from `deployments/<chainId>.json` at run time.
 */
import { defineConfig } from '@wagmi/cli';
import { hardhat } from '@wagmi/cli/plugins';

/** The contracts the app reads, writes or decodes errors from. */
const CONTRACTS = [
  'ModelRegistry',
  'ModelToken',
  'LaunchFactory',
  'IMOSale',
  'DeveloperVesting',
  'AIOracle',
  'OpmlDisputeGame',
  'PromptConsumer',
];

export default defineConfig({
  out: 'src/contracts/generated.ts',
  plugins: [
    hardhat({
      project: '..',
      include: CONTRACTS.map((name) => `${name}.json`),
      exclude: ['build-info/**', '*.dbg.json', 'contracts/interfaces/**'],
      // `npm start` compiles before it generates; IMO_SKIP_COMPILE=1 skips the second compile.
      commands: { build: process.env.IMO_SKIP_COMPILE === '1' ? false : 'npx hardhat compile --quiet' },
    }),
  ],
});
