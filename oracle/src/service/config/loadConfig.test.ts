import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS, envName, type ConfigField } from './configSchema';
import { loadConfig } from './loadConfig';

const KEY = `0x${'11'.repeat(32)}`;
const BASE = { IMO_ORACLE_RPC_URL: 'http://127.0.0.1:8545' };

/** One bad value per setting (as an environment variable would give it). */
const BAD: Record<ConfigField, string> = {
  rpcUrl: 'localhost:8545',
  chainId: '-1',
  deployments: ' ',
  key: '0x1234',
  keystore: ' ',
  keystorePassword: 'hunter2-secret', // set without a keystore
  mode: 'validator',
  dataDir: ' ',
  host: ' ',
  port: '70000',
  confirmations: 'two',
  backend: 'gpu-please',
  workers: '0',
  pollIntervalMs: '5',
  blockRange: '0',
  startBlock: '-5',
  maxReorgDepth: '0',
  models: '1,x',
  finalizeOthers: 'maybe',
  finalizeOthersAfterSec: '-1',
  fallbackDelaySec: '1.5',
  sweepModelFees: 'sometimes',
  withdrawThresholdEth: '1e18',
  withdrawTo: '0xnotanaddress',
  minBalanceEth: '-0.1',
  gasMargin: '9',
  maxFeePerGasGwei: 'lots',
  priorityFeeGwei: '-2',
  replaceAfterSec: '0',
  feeBumpPercent: '5',
  maxBatch: '33',
  maxPendingTxs: '0',
  packageRoot: ' ',
  packagePeers: 'ftp://peer',
  maxPackageMb: '0',
  modelCacheMb: '0',
  verify: 'perhaps',
  verifyModels: '0',
  clockAlarmSec: '0',
  logLevel: 'loud',
  logFormat: 'xml',
  corsOrigins: 'not a url',
};

describe('loadConfig', () => {
  it('reads defaults, then the environment, then flags (flags win)', () => {
    const { config, sources } = loadConfig({
      env: { ...BASE, IMO_ORACLE_PORT: '9000', IMO_ORACLE_MODELS: '1, 3' },
      flags: { port: '9001' },
    });
    expect(config.rpcUrl).toBe('http://127.0.0.1:8545');
    expect(config.port).toBe(9001);
    expect(sources.port).toBe('--port');
    expect(config.models).toEqual([1, 3]);
    expect(config.backend).toBe('auto');
    expect(config.withdrawThresholdEth).toBe('0.1');
    expect(config.confirmations).toBeUndefined();
  });

  for (const key of Object.keys(BAD) as ConfigField[]) {
    it(`rejects a bad ${key} with one line naming it and what is expected`, () => {
      let message = '';
      try {
        loadConfig({ env: { ...BASE, [envName(key)]: BAD[key] } });
      } catch (error) {
        message = (error as Error).message;
        expect((error as { code?: string }).code).toBe('CONFIG_INVALID');
      }
      expect(message).not.toBe('');
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toContain(`invalid config: ${key}`);
      expect(message).toContain(envName(key));
      if (CONFIG_FIELDS[key].secret) expect(message).not.toContain(BAD[key]);
    });
  }

  it('requires rpcUrl', () => {
    expect(() => loadConfig({ env: {} })).toThrow(/invalid config: rpcUrl \(default\): expected an http/);
  });

  it('never echoes a malformed key', () => {
    const secret = `0x${'ab'.repeat(31)}zz`;
    expect(() => loadConfig({ env: { ...BASE, IMO_ORACLE_KEY: secret } })).toThrow(/got \(hidden\)/);
    try {
      loadConfig({ env: { ...BASE, IMO_ORACLE_KEY: secret } });
    } catch (error) {
      expect((error as Error).message).not.toContain('abab');
    }
  });

  it('checks the settings together', () => {
    expect(() => loadConfig({ env: { ...BASE, IMO_ORACLE_MODE: 'operator' } })).toThrow(/mode .*needs a key/);
    expect(() => loadConfig({ env: { ...BASE, IMO_ORACLE_MODE: 'verifier' } })).toThrow(/"verifier" needs a key/);
    const verifier = loadConfig({ env: { ...BASE, IMO_ORACLE_MODE: 'verifier', IMO_ORACLE_KEY: KEY } }).config;
    expect(verifier).toMatchObject({ mode: 'verifier', verify: true, clockAlarmSec: 60 });
    expect(() => loadConfig({ env: { ...BASE, IMO_ORACLE_MODE: 'readonly', IMO_ORACLE_KEY: KEY } })).toThrow(
      /"readonly" takes no key/,
    );
    expect(() => loadConfig({ env: { ...BASE, IMO_ORACLE_KEY: KEY, IMO_ORACLE_KEYSTORE: 'k.json' } })).toThrow(
      /either key .* or keystore, not both/,
    );
    expect(() => loadConfig({ env: { ...BASE, IMO_ORACLE_KEYSTORE_PASSWORD: 'pw' } })).toThrow(
      /keystorePassword .*keystore is not/,
    );
  });

  it('reads a JSON file and names a misspelt field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-config-'));
    const file = path.join(dir, 'node.json');
    fs.writeFileSync(file, JSON.stringify({ rpcUrl: 'ws://127.0.0.1:8546', port: 7000, finalizeOthers: true }));
    const { config, sources } = loadConfig({ env: {}, file });
    expect(config.port).toBe(7000);
    expect(config.finalizeOthers).toBe(true);
    expect(sources.rpcUrl).toBe(`config file ${file}`);
    fs.writeFileSync(file, JSON.stringify({ rpcURL: 'http://x' }));
    expect(() => loadConfig({ env: {}, file })).toThrow(/unknown field "rpcURL" .*did you mean rpcUrl/);
    fs.writeFileSync(file, JSON.stringify({ rpcUrl: 'http://x', port: 'eighty' }));
    expect(() => loadConfig({ env: {}, file })).toThrow(`invalid config: port (config file ${file})`);
    fs.writeFileSync(file, '{ not json');
    expect(() => loadConfig({ env: {}, file })).toThrow(/is not valid JSON/);
  });
});
