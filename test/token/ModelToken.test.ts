import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { deployRegistry, registerWithToken } from '../shared/fixtures';
import { signPermit } from '../shared/signPermit';

const E = ethers.parseEther;
const MAG = 2n ** 64n;
/** Token amounts in units of 2^60 base units keep every split below exact (no rounding). */
const U = 2n ** 60n;
const T = (n: number): bigint => BigInt(n) * U;
const BURN = '0x000000000000000000000000000000000000dEaD';

async function tokenFixture() {
  const { registry, implementation, signers } = await deployRegistry();
  const [, developer, alice, bob, carol, escrow] = signers as [
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
  ];
  // 600 units sit at the burn address, outside the eligible supply: alice and bob earn 3:1.
  const { token, modelId } = await registerWithToken(registry, developer, 1, {
    recipients: [alice.address, bob.address, BURN],
    amounts: [T(300), T(100), T(600)],
  });
  return { registry, implementation, token, modelId, developer, alice, bob, carol, escrow, signers };
}

/** A sale-like escrow holding 600 of 1000 units beside alice (300) and bob (100): all 1000 earn. */
async function escrowFixture() {
  const base = await tokenFixture();
  const { token } = await registerWithToken(base.registry, base.developer, 20, {
    recipients: [base.alice.address, base.bob.address, base.escrow.address],
    amounts: [T(300), T(100), T(600)],
    escrows: [base.escrow.address],
  });
  return { ...base, token };
}

describe('ModelToken', function () {
  describe('initialize', function () {
    it('mints the allocation, fixes exclusions and links the model', async function () {
      const { token, registry, modelId, alice, bob, escrow } = await loadFixture(tokenFixture);
      expect(await token.isEscrow(escrow.address)).to.equal(false);
      expect(await token.name()).to.equal('Model 1');
      expect(await token.symbol()).to.equal('M1');
      expect(await token.decimals()).to.equal(18);
      expect(await token.totalSupply()).to.equal(T(1000));
      expect(await token.balanceOf(alice.address)).to.equal(T(300));
      expect(await token.balanceOf(bob.address)).to.equal(T(100));
      expect(await token.eligibleSupply()).to.equal(T(400));
      expect(await token.isExcluded(escrow.address)).to.equal(false);
      expect(await token.isExcluded(BURN)).to.equal(true);
      expect(await token.isExcluded(alice.address)).to.equal(false);
      expect(await token.registry()).to.equal(await registry.getAddress());
      expect(await token.modelId()).to.equal(modelId);
    });

    it('cannot be initialised again, by anyone else, nor the implementation at all', async function () {
      const { token, implementation, registry, alice } = await loadFixture(tokenFixture);
      await expect(token.connect(alice).initialize([alice.address], [1n], []))
        .to.be.revertedWithCustomError(token, 'ModelTokenUnauthorizedInitializer')
        .withArgs(alice.address);
      // Even the registry cannot initialise a live token twice.
      const registryAddress = await registry.getAddress();
      await ethers.provider.send('hardhat_impersonateAccount', [registryAddress]);
      await ethers.provider.send('hardhat_setBalance', [registryAddress, '0xde0b6b3a7640000']);
      const asRegistry = await ethers.getSigner(registryAddress);
      await expect(token.connect(asRegistry).initialize([alice.address], [1n], []))
        .to.be.revertedWithCustomError(token, 'ModelTokenUnauthorizedInitializer')
        .withArgs(registryAddress);
      await expect(implementation.connect(alice).initialize([alice.address], [1n], []))
        .to.be.revertedWithCustomError(implementation, 'ModelTokenUnauthorizedInitializer')
        .withArgs(alice.address);
    });

    it('rejects a bad allocation with specific errors', async function () {
      const { registry, developer, alice } = await loadFixture(tokenFixture);
      const tokenErrors = await ethers.getContractAt('ModelToken', ethers.ZeroAddress);
      await expect(registerWithToken(registry, developer, 2, { recipients: [alice.address], amounts: [1n, 2n] }))
        .to.be.revertedWithCustomError(tokenErrors, 'ModelTokenAllocationLengthMismatch')
        .withArgs(1, 2);
      await expect(registerWithToken(registry, developer, 3, { recipients: [], amounts: [] }))
        .to.be.revertedWithCustomError(tokenErrors, 'ModelTokenInvalidSupply')
        .withArgs(0, 2n ** 96n - 1n);
      await expect(
        registerWithToken(registry, developer, 4, {
          recipients: [alice.address, alice.address],
          amounts: [2n ** 95n, 2n ** 95n],
        }),
      )
        .to.be.revertedWithCustomError(tokenErrors, 'ModelTokenInvalidSupply')
        .withArgs(2n ** 96n, 2n ** 96n - 1n);
      await expect(
        registerWithToken(registry, developer, 5, { recipients: [ethers.ZeroAddress], amounts: [1n] }),
      ).to.be.revertedWithCustomError(tokenErrors, 'ModelTokenZeroAddress');
      await expect(
        registerWithToken(registry, developer, 6, {
          recipients: [alice.address],
          amounts: [1n],
          escrows: [ethers.ZeroAddress],
        }),
      )
        .to.be.revertedWithCustomError(tokenErrors, 'ModelTokenInvalidReceiver')
        .withArgs(ethers.ZeroAddress);
      await expect(
        registerWithToken(registry, developer, 6, { recipients: [alice.address], amounts: [1n], escrows: [BURN] }),
      )
        .to.be.revertedWithCustomError(tokenErrors, 'ModelTokenInvalidReceiver')
        .withArgs(BURN);
      await expect(
        registerWithToken(registry, developer, 7, { recipients: [alice.address], amounts: [1n], reserveBps: 10_001 }),
      )
        .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidReserveBps')
        .withArgs(10_001, 10_000);
      await expect(registerWithToken(registry, developer, 8, { recipients: [alice.address], amounts: [1n], name: '' }))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidMetadata')
        .withArgs(0, 64);
      await expect(
        registerWithToken(registry, developer, 8, {
          recipients: [alice.address],
          amounts: [1n],
          symbol: 'S'.repeat(17),
        }),
      )
        .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidMetadata')
        .withArgs(17, 16);
    });
  });

  describe('ERC-20', function () {
    it('transfers and emits Transfer', async function () {
      const { token, alice, carol } = await loadFixture(tokenFixture);
      await expect(token.connect(alice).transfer(carol.address, T(10)))
        .to.emit(token, 'Transfer')
        .withArgs(alice.address, carol.address, T(10));
      expect(await token.balanceOf(alice.address)).to.equal(T(290));
      expect(await token.balanceOf(carol.address)).to.equal(T(10));
    });

    it('allows transfers of zero and to oneself without changing balances', async function () {
      const { token, alice, carol } = await loadFixture(tokenFixture);
      await expect(token.connect(alice).transfer(alice.address, E('10'))).to.emit(token, 'Transfer');
      await expect(token.connect(carol).transfer(alice.address, 0)).to.emit(token, 'Transfer');
      expect(await token.balanceOf(alice.address)).to.equal(T(300));
    });

    it('rejects an overdraft and the zero receiver', async function () {
      const { token, alice, bob } = await loadFixture(tokenFixture);
      await expect(token.connect(bob).transfer(alice.address, T(101)))
        .to.be.revertedWithCustomError(token, 'ModelTokenInsufficientBalance')
        .withArgs(bob.address, T(100), T(101));
      await expect(token.connect(bob).transfer(ethers.ZeroAddress, 1))
        .to.be.revertedWithCustomError(token, 'ModelTokenInvalidReceiver')
        .withArgs(ethers.ZeroAddress);
    });

    it('approves, spends allowances and keeps an infinite one', async function () {
      const { token, alice, bob, carol } = await loadFixture(tokenFixture);
      await expect(token.connect(alice).approve(bob.address, E('5')))
        .to.emit(token, 'Approval')
        .withArgs(alice.address, bob.address, E('5'));
      await token.connect(bob).transferFrom(alice.address, carol.address, E('2'));
      expect(await token.allowance(alice.address, bob.address)).to.equal(E('3'));
      await expect(token.connect(bob).transferFrom(alice.address, carol.address, E('4')))
        .to.be.revertedWithCustomError(token, 'ModelTokenInsufficientAllowance')
        .withArgs(bob.address, E('3'), E('4'));
      await token.connect(alice).approve(bob.address, ethers.MaxUint256);
      await token.connect(bob).transferFrom(alice.address, carol.address, E('4'));
      expect(await token.allowance(alice.address, bob.address)).to.equal(ethers.MaxUint256);
      await expect(token.connect(alice).approve(ethers.ZeroAddress, 1))
        .to.be.revertedWithCustomError(token, 'ModelTokenInvalidSpender')
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe('ERC-2612 permit', function () {
    it('sets an allowance from a signature and bumps the nonce', async function () {
      const { token, alice, bob } = await loadFixture(tokenFixture);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(token, alice, { spender: bob.address, value: E('7'), deadline });
      await expect(token.connect(bob).permit(alice.address, bob.address, E('7'), deadline, sig.v, sig.r, sig.s))
        .to.emit(token, 'Approval')
        .withArgs(alice.address, bob.address, E('7'));
      expect(await token.allowance(alice.address, bob.address)).to.equal(E('7'));
      expect(await token.nonces(alice.address)).to.equal(1);
    });

    it('rejects replays, wrong signers and expired permits', async function () {
      const { token, alice, bob } = await loadFixture(tokenFixture);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(token, alice, { spender: bob.address, value: E('7'), deadline });
      await token.permit(alice.address, bob.address, E('7'), deadline, sig.v, sig.r, sig.s);
      await expect(
        token.permit(alice.address, bob.address, E('7'), deadline, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(token, 'ModelTokenInvalidSigner');
      const byBob = await signPermit(token, bob, {
        spender: bob.address,
        value: E('1'),
        deadline,
        nonce: 1n,
        owner: alice.address,
      });
      await expect(token.permit(alice.address, bob.address, E('1'), deadline, byBob.v, byBob.r, byBob.s))
        .to.be.revertedWithCustomError(token, 'ModelTokenInvalidSigner')
        .withArgs(bob.address, alice.address);
      const past = BigInt(await time.latest()) - 1n;
      const old = await signPermit(token, alice, { spender: bob.address, value: E('1'), deadline: past });
      await expect(token.permit(alice.address, bob.address, E('1'), past, old.v, old.r, old.s))
        .to.be.revertedWithCustomError(token, 'ModelTokenPermitExpired')
        .withArgs(past);
    });

    it('exposes the EIP-712 domain (ERC-5267)', async function () {
      const { token } = await loadFixture(tokenFixture);
      const domain = await token.eip712Domain();
      const { chainId } = await ethers.provider.getNetwork();
      expect(domain[0]).to.equal('0x0f');
      expect(domain[1]).to.equal('Model 1');
      expect(domain[2]).to.equal('1');
      expect(domain[3]).to.equal(chainId);
      expect(await token.DOMAIN_SEPARATOR()).to.equal(
        ethers.TypedDataEncoder.hashDomain({
          name: 'Model 1',
          version: '1',
          chainId,
          verifyingContract: await token.getAddress(),
        }),
      );
    });
  });

  describe('revenue', function () {
    it('splits each deposit by balance over the eligible supply', async function () {
      const { token, alice, bob, escrow, carol } = await loadFixture(tokenFixture);
      await expect(token.connect(carol).depositRevenue({ value: E('4') }))
        .to.emit(token, 'RevenueDeposited')
        .withArgs(carol.address, E('4'), 0);
      expect(await token.claimable(alice.address)).to.equal(E('3'));
      expect(await token.claimable(bob.address)).to.equal(E('1'));
      expect(await token.claimable(escrow.address)).to.equal(0);
    });

    it('is deposit-weighted: a buyer after a deposit earns nothing from it', async function () {
      const { token, alice, bob, carol } = await loadFixture(tokenFixture);
      await token.depositRevenue({ value: E('4') });
      await token.connect(alice).transfer(carol.address, T(100));
      expect(await token.claimable(alice.address)).to.equal(E('3'));
      expect(await token.claimable(carol.address)).to.equal(0);
      await token.depositRevenue({ value: E('4') });
      expect(await token.claimable(alice.address)).to.equal(E('5'));
      expect(await token.claimable(carol.address)).to.equal(E('1'));
      expect(await token.claimable(bob.address)).to.equal(E('2'));
    });

    it('claims pay exactly once and emit RevenueClaimed', async function () {
      const { token, alice } = await loadFixture(tokenFixture);
      await token.depositRevenue({ value: E('4') });
      await expect(token.connect(alice).claim()).to.changeEtherBalances([alice, token], [E('3'), -E('3')]);
      expect(await token.claimable(alice.address)).to.equal(0);
      await expect(token.connect(alice).claim())
        .to.be.revertedWithCustomError(token, 'ModelTokenNothingToClaim')
        .withArgs(alice.address);
    });

    it('claimFor pays the account itself, not the caller', async function () {
      const { token, alice, bob } = await loadFixture(tokenFixture);
      await token.depositRevenue({ value: E('4') });
      const claim = token.connect(bob).claimFor(alice.address);
      await expect(claim).to.emit(token, 'RevenueClaimed').withArgs(alice.address, E('3'));
      await expect(claim).to.changeEtherBalances([alice, bob, token], [E('3'), 0, -E('3')]);
      await expect(token.claimFor(alice.address))
        .to.be.revertedWithCustomError(token, 'ModelTokenNothingToClaim')
        .withArgs(alice.address);
    });

    it('claimMany pays every listed account, skips empty ones and is bounded', async function () {
      const { token, alice, bob, carol, escrow } = await loadFixture(tokenFixture);
      await token.depositRevenue({ value: E('4') });
      await expect(token.claimMany([alice.address, bob.address, carol.address, escrow.address])).to.changeEtherBalances(
        [alice, bob, token],
        [E('3'), E('1'), -E('4')],
      );
      const tooMany = Array.from({ length: 101 }, () => alice.address);
      await expect(token.claimMany(tooMany))
        .to.be.revertedWithCustomError(token, 'ModelTokenBatchTooLarge')
        .withArgs(101, 100);
    });

    it('rejects an empty deposit', async function () {
      const { token } = await loadFixture(tokenFixture);
      await expect(token.depositRevenue()).to.be.revertedWithCustomError(token, 'ModelTokenZeroDeposit');
    });

    it('carries remainders so no wei is lost', async function () {
      const { token, alice, bob } = await loadFixture(tokenFixture);
      // 3 wei over 400e18 eligible tokens: nothing claimable yet, all carried.
      await token.depositRevenue({ value: 3n });
      expect(await token.claimable(alice.address)).to.equal(0);
      expect(await token.undistributedRevenue()).to.equal(3n);
      // The next deposit takes the carried 3 wei along: 1e18 + 100 wei split 3:1 exactly.
      await token.depositRevenue({ value: E('1') + 97n });
      expect(await token.undistributedRevenue()).to.equal(0n);
      expect(await token.claimable(alice.address)).to.equal(((E('1') + 100n) * 3n) / 4n);
      expect(await token.claimable(bob.address)).to.equal((E('1') + 100n) / 4n);
    });

    it('carries deposits while too little is eligible, to the next deposit', async function () {
      const { registry, developer, alice } = await loadFixture(tokenFixture);
      const { token } = await registerWithToken(registry, developer, 9, {
        recipients: [BURN, alice.address],
        amounts: [T(1000), T(1)],
      });
      // 1 unit is below totalSupply >> 8 (3.9 units): carried.
      await token.depositRevenue({ value: E('2') });
      expect(await token.undistributedRevenue()).to.equal(E('2'));
      expect(await token.claimable(alice.address)).to.equal(0);
      await token.connect(alice).burn(0);
      expect(await token.claimable(alice.address)).to.equal(0);
    });

    it('keeps revenue earned before a transfer to the burn address', async function () {
      const { token, alice } = await loadFixture(tokenFixture);
      await token.depositRevenue({ value: E('4') });
      await token.connect(alice).transfer(BURN, T(200));
      expect(await token.eligibleSupply()).to.equal(T(200));
      expect(await token.claimable(alice.address)).to.equal(E('3'));
      await token.depositRevenue({ value: E('1') });
      expect(await token.claimable(alice.address)).to.equal(E('3.5'));
    });

    it('enforces the accounting bound R·totalSupply < 2^159 on deposits', async function () {
      const { registry, developer, alice } = await loadFixture(tokenFixture);
      // One base unit of supply: R grows by 2^64 per wei, so 2^95 wei reaches the bound.
      const { token } = await registerWithToken(registry, developer, 11, {
        recipients: [alice.address],
        amounts: [1n],
      });
      await ethers.provider.send('hardhat_setBalance', [alice.address, ethers.toQuantity(2n ** 100n)]);
      await token.connect(alice).depositRevenue({ value: 2n ** 94n });
      expect(await token.claimable(alice.address)).to.equal(2n ** 94n);
      await expect(token.connect(alice).depositRevenue({ value: 2n ** 94n }))
        .to.be.revertedWithCustomError(token, 'ModelTokenRevenueOverflow')
        .withArgs(2n ** 159n, 1n);
      await token.connect(alice).claim();
      expect(await token.claimable(alice.address)).to.equal(0n);
    });

    it('exposes the magnified accumulator', async function () {
      const { token } = await loadFixture(tokenFixture);
      await token.depositRevenue({ value: E('4') });
      expect(await token.magnifiedRevenuePerToken()).to.equal((E('4') * MAG) / T(400));
    });
  });

  describe('escrows (a sale holding tokens for its buyers)', function () {
    it('earn like any holder but cannot claim: their revenue is held for whoever receives their tokens', async function () {
      const { token, escrow, alice, carol } = await loadFixture(escrowFixture);
      expect(await token.isEscrow(escrow.address)).to.equal(true);
      expect(await token.eligibleSupply()).to.equal(T(1000));
      await token.depositRevenue({ value: E('10') });
      expect(await token.claimable(escrow.address)).to.equal(E('6'));
      expect(await token.claimable(alice.address)).to.equal(E('3'));
      await expect(token.claimFor(escrow.address))
        .to.be.revertedWithCustomError(token, 'ModelTokenEscrowRevenue')
        .withArgs(escrow.address);
      await expect(token.connect(escrow).claim())
        .to.be.revertedWithCustomError(token, 'ModelTokenEscrowRevenue')
        .withArgs(escrow.address);
      // claimMany skips the escrow and pays the others.
      await expect(token.claimMany([escrow.address, alice.address])).to.changeEtherBalances(
        [escrow, alice],
        [0, E('3')],
      );
      // Nobody can add tokens to an escrow (its tokens must share one history).
      await expect(token.connect(alice).transfer(escrow.address, 1n))
        .to.be.revertedWithCustomError(token, 'ModelTokenInvalidReceiver')
        .withArgs(escrow.address);
      expect(await token.claimable(carol.address)).to.equal(0);
    });

    it('send the revenue their tokens earned along with them, pro rata, in any order', async function () {
      const { token, escrow, alice, bob, carol, signers } = await loadFixture(escrowFixture);
      const dave = signers[6]!;
      await token.depositRevenue({ value: E('10') }); // escrow earns 6
      await token.connect(escrow).transfer(carol.address, T(100)); // 1/6 of the escrow: 1 ETH
      expect(await token.claimable(carol.address)).to.equal(E('1'));
      expect(await token.claimable(escrow.address)).to.equal(E('5'));
      await token.depositRevenue({ value: E('10') }); // escrow (500) earns 5, carol 1
      await token.connect(escrow).transfer(dave.address, T(250)); // half of 10
      expect(await token.claimable(dave.address)).to.equal(E('5'));
      expect(await token.claimable(carol.address)).to.equal(E('2'));
      // Per token, carol and dave earned the same while their tokens sat in the escrow.
      await token.connect(escrow).transfer(bob.address, T(250));
      expect(await token.claimable(escrow.address)).to.equal(0);
      expect(await token.claimable(bob.address)).to.equal(E('2') + E('5'));
      expect(await token.claimable(alice.address)).to.equal(E('6'));
      // Everything deposited is claimable: 20 ETH.
      let total = 0n;
      for (const a of [alice, bob, carol, dave]) total += await token.claimable(a.address);
      expect(total).to.equal(E('20'));
    });

    it('pass what their tokens earned to the burn address on to every holder', async function () {
      const { token, escrow, alice, bob } = await loadFixture(escrowFixture);
      await token.depositRevenue({ value: E('10') });
      await token.connect(escrow).transfer(BURN, T(600));
      expect(await token.undistributedRevenue()).to.equal(E('6'));
      expect(await token.eligibleSupply()).to.equal(T(400));
      await token.depositRevenue({ value: E('2') });
      expect(await token.claimable(alice.address)).to.equal(E('3') + E('6'));
      expect(await token.claimable(bob.address)).to.equal(E('1') + E('2'));
    });
  });

  describe('ERC-7641 redemption', function () {
    async function reserveFixture() {
      const base = await tokenFixture();
      const { token } = await registerWithToken(base.registry, base.developer, 10, {
        recipients: [base.alice.address, base.bob.address, base.escrow.address],
        amounts: [T(300), T(100), T(600)],
        escrows: [base.escrow.address],
        reserveBps: 2500,
      });
      return { ...base, token };
    }

    it('puts the reserve share of each deposit aside', async function () {
      const { token, alice } = await loadFixture(reserveFixture);
      await expect(token.depositRevenue({ value: E('4') }))
        .to.emit(token, 'RevenueDeposited')
        .withArgs(anyAddress, E('4'), E('1'));
      expect(await token.redemptionReserve()).to.equal(E('1'));
      expect(await token.reserveBps()).to.equal(2500);
      expect(await token.claimable(alice.address)).to.equal(E('0.9'));
    });

    it('burn pays the share of the reserve and keeps earned revenue claimable', async function () {
      const { token, alice } = await loadFixture(reserveFixture);
      await token.depositRevenue({ value: E('4') });
      expect(await token.redeemableOnBurn(T(100))).to.equal(E('0.1'));
      const burn = token.connect(alice).burn(T(100));
      await expect(burn).to.emit(token, 'Redeemed').withArgs(alice.address, T(100), E('0.1'));
      await expect(burn).to.changeEtherBalance(alice, E('0.1'));
      expect(await token.totalSupply()).to.equal(T(900));
      expect(await token.eligibleSupply()).to.equal(T(900));
      expect(await token.claimable(alice.address)).to.equal(E('0.9'));
      expect(await token.redemptionReserve()).to.equal(E('0.9'));
    });

    it('an escrow burns without redeeming; what the burned tokens earned goes to every holder', async function () {
      const { token, escrow, alice, bob } = await loadFixture(reserveFixture);
      await token.depositRevenue({ value: E('4') });
      await expect(token.connect(escrow).burn(T(600)))
        .to.emit(token, 'Redeemed')
        .withArgs(escrow.address, T(600), 0);
      expect(await token.redemptionReserve()).to.equal(E('1'));
      expect(await token.totalSupply()).to.equal(T(400));
      expect(await token.redeemableOnBurn(T(400))).to.equal(E('1'));
      // The escrow's 1.8 (600/1000 of 3) is carried and split 3:1 with the next deposit's 0.3.
      expect(await token.claimable(escrow.address)).to.equal(0);
      expect(await token.undistributedRevenue()).to.equal(E('1.8'));
      await token.depositRevenue({ value: E('0.4') });
      expect(await token.claimable(alice.address)).to.equal(E('0.9') + (E('2.1') * 3n) / 4n);
      expect(await token.claimable(bob.address)).to.equal(E('0.3') + E('2.1') / 4n);
    });

    it('rejects burning more than the balance', async function () {
      const { token, bob } = await loadFixture(reserveFixture);
      await expect(token.connect(bob).burn(T(101)))
        .to.be.revertedWithCustomError(token, 'ModelTokenInsufficientBalance')
        .withArgs(bob.address, T(100), T(101));
    });
  });
});

const anyAddress = (value: unknown): boolean => typeof value === 'string' && ethers.isAddress(value);
