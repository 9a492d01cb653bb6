import { expect } from 'chai';
import fc from 'fast-check';
import { ethers } from 'hardhat';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import { deployRegistry, registerWithToken } from '../shared/fixtures';
import type { ModelToken } from '../../typechain-types';
import { BURN_ADDRESS, REFERENCE_SCALE, RevenueReference } from './revenueReference';
import { ChainSnapshot } from '../shared/chainSnapshot';
import { signPermit } from '../shared/signPermit';

/** Runs per property; CI uses the default, the inner loop sets INVARIANT_RUNS lower. */
const RUNS = Number(process.env.INVARIANT_RUNS ?? 1500);
const E = ethers.parseEther;

type Op =
  | { kind: 'deposit'; amount: bigint }
  | { kind: 'transfer'; from: number; to: number; permille: number }
  | { kind: 'permitTransfer'; from: number; spender: number; to: number; permille: number }
  | { kind: 'claim'; who: number; by: number }
  | { kind: 'claimMany'; who: number[] }
  | { kind: 'burn'; who: number; permille: number };

const ACTORS = 6; // 5 holders + 1 escrow (index 5, a sale); index 6 is the burn address (receive only)
const actor = fc.integer({ min: 0, max: ACTORS - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt({ min: 1n, max: E('3') }).map((amount) => ({ kind: 'deposit' as const, amount })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ from: actor, to: fc.integer({ min: 0, max: ACTORS }), permille: fc.integer({ min: 0, max: 1000 }) })
      .map((r) => ({ kind: 'transfer' as const, ...r })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        from: fc.integer({ min: 0, max: 4 }),
        spender: actor,
        to: actor,
        permille: fc.integer({ min: 0, max: 1000 }),
      })
      .map((r) => ({ kind: 'permitTransfer' as const, ...r })),
  },
  { weight: 2, arbitrary: fc.record({ who: actor, by: actor }).map((r) => ({ kind: 'claim' as const, ...r })) },
  { weight: 1, arbitrary: fc.uniqueArray(actor, { maxLength: 4 }).map((who) => ({ kind: 'claimMany' as const, who })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ who: actor, permille: fc.integer({ min: 0, max: 1000 }) })
      .map((r) => ({ kind: 'burn' as const, ...r })),
  },
);

interface World {
  token: ModelToken;
  actors: HardhatEthersSigner[];
  payer: HardhatEthersSigner;
  allocation: bigint[];
  reserveBps: bigint;
}

describe('ModelToken invariants (fast-check)', function () {
  this.timeout(0);
  const worlds: World[] = [];
  const snapshot = new ChainSnapshot();

  before(async function () {
    const { registry, signers } = await deployRegistry();
    const developer = signers[1]!;
    const actors = signers.slice(2, 2 + ACTORS);
    const escrow = actors[5]!.address;
    // World 0: 40 % in the escrow (a sale), the rest with holders. World 1: nearly all at the burn
    // address, so deposits are carried while too little is eligible. Odd amounts so that every
    // split rounds; the last amount is the burn address's.
    for (const [i, allocation] of [
      [E('1000') + 7n, E('2000') + 3n, E('3000') + 11n, E('500') + 1n, 0n, E('4000') + 5n, 0n],
      [E('1') + 9n, 3n, 0n, 0n, 0n, E('10') + 1n, E('10000') + 13n],
    ].entries()) {
      const reserveBps = i === 0 ? 1000n : 0n;
      const { token } = await registerWithToken(registry, developer, 100 + i, {
        recipients: [...actors.map((a) => a.address), BURN_ADDRESS],
        amounts: allocation,
        escrows: [escrow],
        reserveBps: Number(reserveBps),
      });
      worlds.push({ token, actors, payer: signers[0]!, allocation, reserveBps });
    }
    await snapshot.take();
  });

  async function apply(world: World, ref: RevenueReference, op: Op): Promise<void> {
    const { token, actors } = world;
    const addressOf = (i: number): string => (i === ACTORS ? BURN_ADDRESS : actors[i]!.address);
    switch (op.kind) {
      case 'deposit': {
        await (await token.connect(world.payer).depositRevenue({ value: op.amount })).wait();
        ref.deposit(op.amount);
        return;
      }
      case 'transfer': {
        const from = actors[op.from]!;
        const amount = (ref.balanceOf(from.address) * BigInt(op.permille)) / 1000n;
        if (ref.isEscrow(addressOf(op.to)) && op.to !== op.from && amount > 0n) {
          // Escrows take tokens only at creation.
          await expect(token.connect(from).transfer(addressOf(op.to), amount)).to.be.revertedWithCustomError(
            token,
            'ModelTokenInvalidReceiver',
          );
          return;
        }
        await (await token.connect(from).transfer(addressOf(op.to), amount)).wait();
        ref.transfer(from.address, addressOf(op.to), amount);
        return;
      }
      case 'permitTransfer': {
        const owner = actors[op.from]!;
        const spender = actors[op.spender]!;
        const amount = (ref.balanceOf(owner.address) * BigInt(op.permille)) / 1000n;
        if (ref.isEscrow(addressOf(op.to)) && op.to !== op.from && amount > 0n) return;
        const deadline = BigInt(Math.floor(Date.now() / 1000)) + 10n ** 6n;
        const sig = await signPermit(token, owner, { spender: spender.address, value: amount, deadline });
        await (
          await token.connect(spender).permit(owner.address, spender.address, amount, deadline, sig.v, sig.r, sig.s)
        ).wait();
        await (await token.connect(spender).transferFrom(owner.address, addressOf(op.to), amount)).wait();
        ref.transfer(owner.address, addressOf(op.to), amount);
        expect(await token.allowance(owner.address, spender.address)).to.equal(0n);
        return;
      }
      case 'claim': {
        const who = actors[op.who]!.address;
        if (ref.isEscrow(who)) {
          await expect(token.connect(actors[op.by]!).claimFor(who))
            .to.be.revertedWithCustomError(token, 'ModelTokenEscrowRevenue')
            .withArgs(who);
          return;
        }
        const owed = await token.claimable(who);
        if (owed === 0n) {
          await expect(token.connect(actors[op.by]!).claimFor(who)).to.be.revertedWithCustomError(
            token,
            'ModelTokenNothingToClaim',
          );
          return;
        }
        const tx =
          op.who === op.by ? token.connect(actors[op.by]!).claim() : token.connect(actors[op.by]!).claimFor(who);
        await (await tx).wait();
        ref.claim(who, owed);
        expect(await token.claimable(who)).to.equal(0n, 'claimable twice');
        return;
      }
      case 'claimMany': {
        const who = op.who.map((i) => actors[i]!.address);
        const owed = await Promise.all(who.map(async (a) => (ref.isEscrow(a) ? 0n : await token.claimable(a))));
        await (await token.connect(world.payer).claimMany(who)).wait();
        who.forEach((a, i) => ref.claim(a, owed[i]!));
        for (const a of who) if (!ref.isEscrow(a)) expect(await token.claimable(a)).to.equal(0n, 'claimable twice');
        return;
      }
      case 'burn': {
        const who = actors[op.who]!;
        const amount = (ref.balanceOf(who.address) * BigInt(op.permille)) / 1000n;
        const expected = ref.burn(who.address, amount);
        await expect(token.connect(who).burn(amount))
          .to.emit(token, 'Redeemed')
          .withArgs(who.address, amount, expected);
        return;
      }
    }
  }

  async function checkInvariants(world: World, ref: RevenueReference): Promise<void> {
    const { token, actors } = world;
    const tokenAddress = await token.getAddress();
    const held = await ethers.provider.getBalance(tokenAddress);
    // ETH is conserved exactly.
    let paidTotal = 0n;
    for (const p of ref.paid.values()) paidTotal += p;
    expect(held).to.equal(ref.deposited - paidTotal - ref.redeemed, 'ETH conservation');
    expect(await token.redemptionReserve()).to.equal(ref.reserve, 'reserve');
    expect(await token.totalSupply()).to.equal(ref.totalSupply, 'totalSupply');
    expect(await token.eligibleSupply()).to.equal(ref.eligibleSupply(), 'eligibleSupply');

    let claimableTotal = 0n;
    for (const a of [...actors.map((s) => s.address), BURN_ADDRESS]) {
      expect(await token.balanceOf(a)).to.equal(ref.balanceOf(a), `balance of ${a}`);
      const claimable = await token.claimable(a);
      claimableTotal += claimable;
      // claimed + claimable equals the exact deposit-weighted share within the carried remainder.
      const got = ((ref.paid.get(a.toLowerCase()) ?? 0n) + claimable) * REFERENCE_SCALE;
      const exact = ref.earned(a);
      const tolerance = ref.lagBound * REFERENCE_SCALE;
      expect(
        got <= exact + tolerance && exact - got <= tolerance,
        `share of ${a}: got ${got}, exact ${exact}, lag ${ref.lagBound}`,
      ).to.be.true;
    }
    const undistributed = await token.undistributedRevenue();
    const slack = held - claimableTotal - ref.reserve - undistributed;
    expect(slack >= 0n, `ETH held below what is owed by ${-slack}`).to.be.true;
    expect(slack <= BigInt(ACTORS + 2), `more than one wei per holder unaccounted: ${slack}`).to.be.true;
  }

  it('revenue accounting matches the exact reference over random operation sequences', async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: worlds.length - 1 }),
        fc.array(opArb, { minLength: 1, maxLength: 10 }),
        async (w, ops) => {
          await snapshot.restore();
          const world = worlds[w]!;
          const allocation = Object.fromEntries(
            [...world.actors.map((a) => a.address), BURN_ADDRESS].map((a, i) => [a, world.allocation[i]!]),
          );
          const ref = new RevenueReference(allocation, [world.actors[5]!.address], world.reserveBps);
          for (const op of ops) await apply(world, ref, op);
          await checkInvariants(world, ref);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
