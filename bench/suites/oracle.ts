import hre from 'hardhat';
import { time } from '@nomicfoundation/hardhat-network-helpers';
import { gasUsed } from '../gasUsed';
import type { BenchFigure } from '../results';
import { deployContracts } from '../../scripts/deploy/deployContracts';
import { ORACLE_PARAMS, PROTOCOL_PARAMS } from '../../scripts/deploy/protocolParams';
import { postedFrom, postingsFrom, primaryFor, requestedFrom } from '../../test/shared/oracleFixtures';
import type { AIOracle } from '../../typechain-types';

const { ethers } = hre;
const E = ethers.parseEther;
const GAS_PRICE = 10n ** 9n;

/**
 * Oracle gas on a model with a 32-byte input and a 64-byte output, a consumer whose callback emits
 * the output (like ORA's SimplePrompt), steady state (not the first request). The request is sent to
 * the oracle directly (`gas.oracle.request.viaConsumer` adds the example consumer's own call); the
 * result is finalized by its operator, as the oracle service does. Batches of 16 per result.
 */
export async function runOracleSuite(): Promise<BenchFigure[]> {
  await hre.run('compile', { quiet: true });
  const [, developer, requester, holder, operator, finalizer] = await ethers.getSigners();
  if (!developer || !requester || !holder || !operator || !finalizer) throw new Error('need 6 signers');
  // The batch is finalized by another account, as anyone may.
  const { registry, oracle } = await deployContracts(hre, PROTOCOL_PARAMS.local);
  await registry.connect(developer).register({
    commitment: {
      graphRoot: ethers.id('bench-graph'),
      paramsRoot: ethers.id('bench-params'),
      io: { inputRows: 1, inputCols: 32, inputDtype: 0, outputRows: 1, outputCols: 64, outputDtype: 0 },
      opCount: 1,
      stateDepth: 1,
    },
    packageURI: 'bench',
    license: ethers.encodeBytes32String('MIT'),
    fee: E('0.01'),
    split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
    token: {
      name: 'Bench',
      symbol: 'B',
      recipients: [holder.address],
      amounts: [E('1000')],
      escrows: [],
      reserveBps: 0,
    },
  });
  await oracle.connect(operator).stake({ value: E('5') });
  await oracle.connect(operator).optIn(1);
  const consumer = await ethers.deployContract('EventPromptConsumer', [await oracle.getAddress()]);
  const gasLimit = await consumer.CALLBACK_GAS_LIMIT();
  const value = E('0.01') + gasLimit * GAS_PRICE;
  // Fixed bytes (no zeros, which calldata prices lower), so every run measures the same transactions.
  const input = ethers.id('bench input');
  const output = ethers.concat([ethers.id('bench output 0'), ethers.id('bench output 1')]);
  const stateRoot = ethers.id('S_n');
  const callbackData = ethers.AbiCoder.defaultAbiCoder().encode(['uint256'], [1]);

  const consumerAddress = await consumer.getAddress();
  const roundTrip = async () => {
    const tx = oracle
      .connect(requester)
      .requestCallback(1, input, consumerAddress, gasLimit, callbackData, { value, gasPrice: GAS_PRICE });
    const request = await gasUsed(tx);
    const { requestId, params, attempt } = await requestedFrom(oracle as AIOracle, tx);
    await primaryFor(oracle as AIOracle, requestId, params, attempt);
    const submitTx = oracle.connect(operator).submit(requestId, params, attempt, output, stateRoot);
    const submit = await gasUsed(submitTx);
    const { posted } = await postedFrom(oracle as AIOracle, submitTx);
    await time.increase(ORACLE_PARAMS.local.challengeWindow);
    const finalize = await gasUsed(
      oracle
        .connect(operator)
        .finalize(requestId, params, posted, output, stateRoot, callbackData, { gasPrice: GAS_PRICE }),
    );
    return { request, submit, finalize };
  };
  await roundTrip(); // warm: counters, credits, the token's accumulator
  const steady = await roundTrip();
  const viaConsumer = await gasUsed(
    consumer.connect(requester).calculateAIResult(1, input, { value, gasPrice: GAS_PRICE }),
  );

  const BATCH = 16;
  const batch = [];
  for (let i = 0; i < BATCH; i++) {
    batch.push(
      await requestedFrom(
        oracle as AIOracle,
        consumer.connect(requester).calculateAIResult(1, input, { value, gasPrice: GAS_PRICE }),
      ),
    );
  }
  await time.increase(ORACLE_PARAMS.local.responseWindow);
  const submitBatchTx = oracle
    .connect(operator)
    .submitBatch(
      batch.map((r) => ({ requestId: r.requestId, params: r.params, attempt: r.attempt, output, stateRoot })),
    );
  const submitBatch = await gasUsed(submitBatchTx);
  const postings = await postingsFrom(oracle as AIOracle, submitBatchTx);
  await time.increase(ORACLE_PARAMS.local.challengeWindow);
  const finalizeBatch = await gasUsed(
    oracle.connect(finalizer).finalizeBatch(
      batch.map((r, i) => ({
        requestId: r.requestId,
        params: r.params,
        posted: postings[i]!.posted,
        output,
        stateRoot,
        callbackData,
      })),
      { gasPrice: GAS_PRICE },
    ),
  );

  const happyPath = steady.request + steady.submit + steady.finalize;
  return [
    { metric: 'gas.oracle.request', value: steady.request, unit: 'gas' },
    {
      metric: 'gas.oracle.request.viaConsumer',
      value: viaConsumer,
      unit: 'gas',
      baseline: 'gas.oracle.request',
      goal: 'plus the example consumer',
    },
    { metric: 'gas.oracle.submit', value: steady.submit, unit: 'gas' },
    { metric: 'gas.oracle.finalize', value: steady.finalize, unit: 'gas', goal: 'split + deposit + callback' },
    { metric: 'gas.oracle.happyPath', value: happyPath, unit: 'gas', goal: '<= 240k (ORA OAO 466k, UMA OOv3 250k)' },
    {
      metric: 'gas.oracle.submitBatch.per_result',
      value: Math.round(submitBatch / BATCH),
      unit: 'gas',
      baseline: 'gas.oracle.submit',
      goal: 'batch of 16',
    },
    {
      metric: 'gas.oracle.finalizeBatch.per_result',
      value: Math.round(finalizeBatch / BATCH),
      unit: 'gas',
      baseline: 'gas.oracle.finalize',
      goal: 'batch of 16',
    },
  ];
}
