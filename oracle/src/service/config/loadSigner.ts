import fs from 'node:fs';
import { Wallet, type BaseWallet } from 'ethers';
import { OracleNodeError } from '../OracleNodeError';
import type { OracleNodeConfig } from './configSchema';
import { envName } from './configSchema';
import { promptPassword } from './promptPassword';

/** What `loadSigner` needs: the key settings, and how to ask for a password (default: the terminal). */
export interface LoadSignerParameters {
  config: Partial<Pick<OracleNodeConfig, 'key' | 'keystore' | 'keystorePassword'>>;
  /** Asks for the keystore password when none is configured; default: a hidden terminal prompt if stdin is a TTY. */
  askPassword?: (question: string) => Promise<string>;
}

/**
 * The operator's wallet from a raw key or an encrypted JSON keystore (ethers / geth format), or
 * `undefined` when neither is configured (read-only mode). The keystore password comes from
 * `IMO_ORACLE_KEYSTORE_PASSWORD` or, in a terminal, a hidden prompt. Errors never include the key
 * or the password.
 *
 * @example
 * const wallet = await loadSigner({ config });
 */
export async function loadSigner(parameters: LoadSignerParameters): Promise<BaseWallet | undefined> {
  const { config } = parameters;
  if (config.key !== undefined) {
    const hex = config.key.startsWith('0x') ? config.key : `0x${config.key}`;
    try {
      return new Wallet(hex);
    } catch {
      throw new OracleNodeError(
        'KEY_INVALID',
        `invalid config: key (${envName('key')}): not a valid secp256k1 private key`,
      );
    }
  }
  if (config.keystore === undefined) return undefined;

  let json: string;
  try {
    json = fs.readFileSync(config.keystore, 'utf8');
  } catch (cause) {
    throw new OracleNodeError('KEYSTORE_INVALID', `cannot read keystore file ${config.keystore}`, { cause });
  }
  let password = config.keystorePassword;
  if (password === undefined) {
    const ask = parameters.askPassword ?? (process.stdin.isTTY ? promptPassword : undefined);
    if (!ask) {
      throw new OracleNodeError(
        'PASSWORD_REQUIRED',
        `keystore ${config.keystore} needs a password: set ${envName('keystorePassword')} or run in a terminal`,
      );
    }
    password = await ask(`password for ${config.keystore}: `);
  }
  try {
    return await Wallet.fromEncryptedJson(json, password);
  } catch (cause) {
    const wrong = cause instanceof Error && /password/i.test(cause.message);
    throw new OracleNodeError(
      'KEYSTORE_INVALID',
      wrong
        ? `wrong password for keystore ${config.keystore}`
        : `keystore ${config.keystore} is not an encrypted JSON wallet`,
    );
  }
}
