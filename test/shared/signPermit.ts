import { ethers } from 'hardhat';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import type { ModelToken } from '../../typechain-types';

/**
 * An ERC-2612 permit signed by `signer` for `owner` (by default the signer itself; a different
 * owner makes a forged permit), with the owner's current nonce unless one is given.
 */
export async function signPermit(
  token: ModelToken,
  signer: HardhatEthersSigner,
  permit: { spender: string; value: bigint; deadline: bigint; nonce?: bigint; owner?: string },
): Promise<ReturnType<typeof ethers.Signature.from>> {
  const owner = permit.owner ?? signer.address;
  const { chainId } = await ethers.provider.getNetwork();
  const signature = await signer.signTypedData(
    { name: await token.name(), version: '1', chainId, verifyingContract: await token.getAddress() },
    {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    {
      owner,
      spender: permit.spender,
      value: permit.value,
      nonce: permit.nonce ?? (await token.nonces(owner)),
      deadline: permit.deadline,
    },
  );
  return ethers.Signature.from(signature);
}
