import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet, encryptKeystoreJson } from 'ethers';
import { describe, expect, it } from 'vitest';
import { loadSigner } from './loadSigner';

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

describe('loadSigner', () => {
  it('is undefined without a key (read-only mode)', async () => {
    expect(await loadSigner({ config: {} })).toBeUndefined();
  });

  it('takes a raw key with or without 0x', async () => {
    const address = new Wallet(KEY).address;
    expect((await loadSigner({ config: { key: KEY } }))?.address).toBe(address);
    expect((await loadSigner({ config: { key: KEY.slice(2) } }))?.address).toBe(address);
  });

  it('rejects a key outside the curve without echoing it', async () => {
    const zero = `0x${'00'.repeat(32)}`;
    await expect(loadSigner({ config: { key: zero } })).rejects.toMatchObject({ code: 'KEY_INVALID' });
    await expect(loadSigner({ config: { key: zero } })).rejects.not.toThrow(/0000/);
  });

  it('unlocks an encrypted JSON keystore with the configured or asked password', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-keystore-'));
    const file = path.join(dir, 'operator.json');
    const wallet = new Wallet(KEY);
    fs.writeFileSync(
      file,
      await encryptKeystoreJson({ address: wallet.address, privateKey: KEY }, 'correct horse', { scrypt: { N: 1024 } }),
    );
    expect((await loadSigner({ config: { keystore: file, keystorePassword: 'correct horse' } }))?.address).toBe(
      wallet.address,
    );
    const asked: string[] = [];
    const viaPrompt = await loadSigner({
      config: { keystore: file },
      askPassword: async (q) => {
        asked.push(q);
        return 'correct horse';
      },
    });
    expect(viaPrompt?.address).toBe(wallet.address);
    expect(asked).toEqual([`password for ${file}: `]);
    await expect(loadSigner({ config: { keystore: file, keystorePassword: 'wrong' } })).rejects.toMatchObject({
      code: 'KEYSTORE_INVALID',
      message: `wrong password for keystore ${file}`,
    });
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"not":"a keystore"}');
    await expect(
      loadSigner({ config: { keystore: path.join(dir, 'bad.json'), keystorePassword: 'x' } }),
    ).rejects.toMatchObject({ code: 'KEYSTORE_INVALID' });
    await expect(loadSigner({ config: { keystore: path.join(dir, 'missing.json') } })).rejects.toMatchObject({
      code: 'KEYSTORE_INVALID',
    });
  });
});
