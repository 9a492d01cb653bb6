import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '@imo/oracle/format/errorMessages';
import {
  aiOracleAbi,
  developerVestingAbi,
  imoSaleAbi,
  launchFactoryAbi,
  modelRegistryAbi,
  modelTokenAbi,
  opmlDisputeGameAbi,
} from './generated';

const OURS = /^(Launch|ModelRegistry|ModelToken|IMOSale|DeveloperVesting|Oracle|Game)/;

describe('ERROR_MESSAGES', () => {
  const errors = [
    launchFactoryAbi,
    modelRegistryAbi,
    modelTokenAbi,
    imoSaleAbi,
    developerVestingAbi,
    aiOracleAbi,
    opmlDisputeGameAbi,
  ]
    .flat()
    .filter((item): item is Extract<typeof item, { type: 'error' }> => item.type === 'error' && OURS.test(item.name));

  it.each(errors.map((e) => [e.name, e] as const))('says %s in plain words', (name, error) => {
    const words = ERROR_MESSAGES[name];
    expect(words, `no message for ${name}: add one to errorMessages.ts`).toBeDefined();
    const args = Object.fromEntries(
      error.inputs.map((input) => [
        input.name,
        input.type === 'address' ? '0x90F79bf6EB2c4f870365E785982E1f101E93b906' : input.type === 'string' ? 'sale' : 1n,
      ]),
    );
    const message = words!(args);
    expect(message.length).toBeGreaterThan(10);
    expect(message).not.toMatch(/undefined|NaN|\[object/);
  });
});
