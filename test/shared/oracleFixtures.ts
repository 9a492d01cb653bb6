import path from 'node:path';
import hre, { ethers } from 'hardhat';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import { plain, postedOf } from '../../oracle/src/client/oracleClient';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { registryCommitment, runModel, toHex } from '../../oracle/src/runtime';
import { deployContracts } from '../../scripts/deploy/deployContracts';
import { ORACLE_PARAMS, PROTOCOL_PARAMS } from '../../scripts/deploy/protocolParams';
import type { AIOracle, IOpmlOracle } from '../../typechain-types';

export type RequestParams = IOpmlOracle.RequestParamsStruct;
export type Attempt = IOpmlOracle.AttemptStruct;
export type Posted = IOpmlOracle.PostedStruct;
export const E = ethers.parseEther;
export const CONFIG = ORACLE_PARAMS.local;

/** A digit drawing from the held-out split (values 0–16). */
export const DRAWING = Uint8Array.from([
  0, 0, 0, 1, 13, 7, 0, 0, 0, 0, 0, 10, 14, 1, 0, 0, 0, 0, 3, 16, 5, 0, 0, 0, 0, 0, 13, 11, 0, 3, 8, 0, 0, 6, 15, 2, 0,
  14, 7, 0, 0, 8, 16, 12, 13, 16, 4, 0, 0, 3, 11, 11, 15, 12, 0, 0, 0, 0, 0, 0, 16, 9, 0, 0,
]);

/**
 * The protocol deployed, the digits model registered from its real package by dev account 1, three
 * operators (accounts 5–7, stakes 2, 3 and 5 ETH) opted in to it, and the example consumers.
 */
export async function oracleFixture() {
  // The tests play the dispute game's part themselves (or deploy one), so none is set here.
  const deployed = await deployContracts(hre, PROTOCOL_PARAMS.local, undefined, { disputeGame: false });
  const signers = await ethers.getSigners();
  const [owner, developer, requester, holder, , opA, opB, opC, stranger, game] = signers as HardhatEthersSigner[];
  const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
  await deployed.registry.connect(developer!).register({
    commitment: registryCommitment(pkg.manifest),
    packageURI: 'oracle/models/digits/manifest.json',
    license: ethers.encodeBytes32String('MIT'),
    fee: E('0.01'),
    split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
    token: {
      name: 'Digits',
      symbol: 'DIGIT',
      recipients: [holder!.address],
      amounts: [E('1000')],
      escrows: [],
      reserveBps: 0,
    },
  });
  const modelId = 1n;
  const token = await ethers.getContractAt('ModelToken', (await deployed.registry.getModel(modelId)).token);
  const operators = [opA!, opB!, opC!];
  for (const [i, op] of operators.entries()) {
    await deployed.oracle.connect(op).stake({ value: E(String([2, 3, 5][i])) });
    await deployed.oracle.connect(op).optIn(modelId);
  }
  const oracleAddress = await deployed.oracle.getAddress();
  const consumer = await ethers.deployContract('EventPromptConsumer', [oracleAddress]);
  const game_ = await ethers.deployContract('DigitGame', [oracleAddress, modelId]);
  const trace = await runModel(pkg, DRAWING);
  return {
    ...deployed,
    pkg,
    trace,
    output: toHex(trace.output),
    stateRoot: toHex(trace.finalStateRoot),
    modelId,
    token,
    consumer,
    digitGame: game_,
    owner: owner!,
    developer: developer!,
    requester: requester!,
    holder: holder!,
    operators,
    stranger: stranger!,
    gameSigner: game!,
  };
}

type Sent = Promise<{ wait(): Promise<unknown> }> | { wait(): Promise<unknown> };

/** The parsed oracle events `name` of a transaction, in order. */
async function oracleEvents(oracle: AIOracle, tx: Sent, name: string) {
  const receipt = (await (await tx).wait()) as { logs: { topics: string[]; data: string }[] };
  return receipt.logs.map((log) => oracle.interface.parseLog(log)).filter((parsed) => parsed?.name === name);
}

/** The first oracle event `name` of a transaction. */
async function oracleEvent(oracle: AIOracle, tx: Sent, name: string) {
  const [parsed] = await oracleEvents(oracle, tx, name);
  if (!parsed) throw new Error(`no ${name} event`);
  return parsed;
}

/** The request terms and its first attempt from a transaction's `Requested` event. */
export async function requestedFrom(
  oracle: AIOracle,
  tx: Sent,
): Promise<{ requestId: bigint; params: RequestParams; attempt: Attempt }> {
  const parsed = await oracleEvent(oracle, tx, 'Requested');
  return {
    requestId: parsed.args.requestId as bigint,
    params: plain<RequestParams>(parsed.args.params),
    attempt: plain<Attempt>(parsed.args.attempt),
  };
}

export interface Posting {
  requestId: bigint;
  resultId: string;
  posted: Posted;
}

/** The result ids and postings from a transaction's `ResultSubmitted` events (a batch has several). */
export async function postingsFrom(oracle: AIOracle, tx: Sent): Promise<Posting[]> {
  return (await oracleEvents(oracle, tx, 'ResultSubmitted')).map((parsed) => ({
    requestId: parsed!.args.requestId as bigint,
    resultId: parsed!.args.resultId as string,
    posted: postedOf(parsed!.args as unknown as Parameters<typeof postedOf>[0]),
  }));
}

/** The result id and posting from a transaction's `ResultSubmitted` event. */
export async function postedFrom(oracle: AIOracle, tx: Sent): Promise<Posting> {
  const [posting] = await postingsFrom(oracle, tx);
  if (!posting) throw new Error('no ResultSubmitted event');
  return posting;
}

/** The reopened attempt from a transaction's `ResultStruck` event. */
export async function reopenedFrom(oracle: AIOracle, tx: Sent): Promise<Attempt> {
  return plain<Attempt>((await oracleEvent(oracle, tx, 'ResultStruck')).args.reopened);
}

/**
 * The operator drawn for a request. The draw uses the hash of the block after the request, which
 * a call can read once two more blocks exist, so this mines up to two blocks.
 */
export async function primaryFor(
  oracle: AIOracle,
  requestId: bigint,
  params: RequestParams,
  attempt: Attempt,
): Promise<string> {
  for (let i = 0; ; i++) {
    const primary = await oracle.primaryOf(requestId, params, attempt);
    if (primary !== ethers.ZeroAddress || i === 2) return primary;
    await hre.network.provider.send('evm_mine');
  }
}
