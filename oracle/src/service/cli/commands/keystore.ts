import fs from 'node:fs';
import type { Command } from 'commander';
import { Wallet, type HDNodeWallet } from 'ethers';
import { envName } from '../../config/configSchema';
import { promptPassword } from '../../config/promptPassword';
import { OracleNodeError } from '../../OracleNodeError';

async function newPassword(): Promise<string> {
  const fromEnv = process.env[envName('keystorePassword')];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new OracleNodeError(
      'PASSWORD_REQUIRED',
      `set ${envName('keystorePassword')} or run in a terminal to type a password`,
    );
  }
  const first = await promptPassword('new keystore password: ');
  const again = await promptPassword('repeat it: ');
  if (first !== again) throw new OracleNodeError('PASSWORD_REQUIRED', 'the passwords differ');
  if (first.length < 8) throw new OracleNodeError('PASSWORD_REQUIRED', 'use a password of at least 8 characters');
  return first;
}

/** `keystore create --out <file>`: encrypts IMO_ORACLE_KEY (or a new random key) into a JSON keystore. */
export function keystoreCommand(program: Command): void {
  const keystore = program.command('keystore').description('encrypted JSON keystores for the operator key');
  keystore
    .command('create')
    .description(`encrypt ${envName('key')} (or a new random key) into a keystore file`)
    .requiredOption('--out <file>', 'the keystore file to write (must not exist)')
    .option('--new', 'generate a new random key instead of reading the environment')
    .action(async (options: { out: string; new?: boolean }) => {
      if (fs.existsSync(options.out))
        throw new OracleNodeError('BAD_REQUEST', `${options.out} exists: choose another --out`);
      const key = process.env[envName('key')];
      if (!options.new && !key) {
        throw new OracleNodeError('CONFIG_INVALID', `set ${envName('key')} to the key to encrypt, or pass --new`);
      }
      let wallet: Wallet | HDNodeWallet;
      try {
        wallet = options.new ? Wallet.createRandom() : new Wallet(key!.startsWith('0x') ? key! : `0x${key!}`);
      } catch {
        throw new OracleNodeError('KEY_INVALID', `${envName('key')} is not a valid private key`);
      }
      const json = await wallet.encrypt(await newPassword());
      fs.writeFileSync(options.out, json, { mode: 0o600, flag: 'wx' });
      console.log(`wrote ${options.out} for ${wallet.address}; set ${envName('keystore')}=${options.out}`);
    });
}
