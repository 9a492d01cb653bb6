/**
 * A plain TypeScript model of ModelToken's revenue rules, in exact arithmetic (earnings kept at
 * 2^-128 wei resolution): what each account should have earned if every deposit were split by
 * balance / eligible supply at that moment (everything but the burn address's balance), with
 * deposits made while the eligible supply is below `totalSupply >> 8` carried to the next deposit.
 * Escrows earn like holders, and every transfer out of one moves its earnings pro rata to the
 * tokens moved; what escrow tokens earned goes to every holder when they are burned or sent to the
 * burn address.
 */
export const BURN_ADDRESS = '0x000000000000000000000000000000000000dEaD';
const SCALE = 2n ** 128n;
const MAG = 2n ** 64n;

export class RevenueReference {
  readonly balances = new Map<string, bigint>();
  readonly earnedScaled = new Map<string, bigint>();
  readonly paid = new Map<string, bigint>();
  readonly escrows: Set<string>;
  totalSupply = 0n;
  reserve = 0n;
  pendingScaled = 0n;
  deposited = 0n;
  redeemed = 0n;
  /** Upper bound, in wei, on how far the contract's 2^64 accumulator may lag or lead the exact share. */
  lagBound = 1n;

  constructor(
    allocation: Record<string, bigint>,
    escrows: string[],
    readonly reserveBps: bigint,
  ) {
    this.escrows = new Set(escrows.map((a) => a.toLowerCase()));
    for (const [account, amount] of Object.entries(allocation)) {
      this.balances.set(account.toLowerCase(), (this.balanceOf(account) ?? 0n) + amount);
      this.totalSupply += amount;
    }
  }

  balanceOf(account: string): bigint {
    return this.balances.get(account.toLowerCase()) ?? 0n;
  }

  isEscrow(account: string): boolean {
    return this.escrows.has(account.toLowerCase());
  }

  eligibleSupply(): bigint {
    return this.totalSupply - this.balanceOf(BURN_ADDRESS);
  }

  /** Exact earnings of `account` (claimed or not, less what its tokens took along), in wei, scaled. */
  earned(account: string): bigint {
    return this.earnedScaled.get(account.toLowerCase()) ?? 0n;
  }

  deposit(amount: bigint): void {
    const reserved = (amount * this.reserveBps) / 10_000n;
    this.reserve += reserved;
    this.deposited += amount;
    this.pendingScaled += (amount - reserved) * SCALE;
    this.split();
  }

  transfer(from: string, to: string, amount: bigint): void {
    const f = from.toLowerCase();
    const t = to.toLowerCase();
    const carried = this.isEscrow(f) ? this.takeFromEscrow(f, amount) : 0n;
    this.balances.set(f, this.balanceOf(f) - amount);
    this.balances.set(t, this.balanceOf(t) + amount);
    if (t === BURN_ADDRESS.toLowerCase()) this.pendingScaled += carried;
    else this.earnedScaled.set(t, this.earned(t) + carried);
  }

  claim(account: string, amount: bigint): void {
    const a = account.toLowerCase();
    this.paid.set(a, (this.paid.get(a) ?? 0n) + amount);
  }

  /** Burns and returns the reserve share paid (the contract's formula: floor(reserve·amount/outstanding)). */
  burn(account: string, amount: bigint): bigint {
    const a = account.toLowerCase();
    const outstanding = this.totalSupply - this.balanceOf(BURN_ADDRESS);
    const escrow = this.isEscrow(a);
    const redeemed = escrow || outstanding === 0n ? 0n : (this.reserve * amount) / outstanding;
    if (escrow) this.pendingScaled += this.takeFromEscrow(a, amount);
    this.balances.set(a, this.balanceOf(a) - amount);
    this.totalSupply -= amount;
    this.reserve -= redeemed;
    this.redeemed += redeemed;
    return redeemed;
  }

  /** Takes the earnings of `amount` of `escrow`'s tokens (pro rata) out of its earnings. */
  private takeFromEscrow(escrow: string, amount: bigint): bigint {
    const balance = this.balanceOf(escrow);
    if (balance === 0n) return 0n;
    const share = (this.earned(escrow) * amount) / balance;
    this.earnedScaled.set(escrow, this.earned(escrow) - share);
    // The contract takes the share floored at 2^-64 wei.
    this.lagBound += 1n;
    return share;
  }

  private split(): void {
    const eligible = this.eligibleSupply();
    if (this.pendingScaled === 0n || eligible === 0n || eligible < this.totalSupply >> 8n) return;
    for (const [account, balance] of this.balances) {
      if (account === BURN_ADDRESS.toLowerCase() || balance === 0n) continue;
      this.earnedScaled.set(account, this.earned(account) + (this.pendingScaled * balance) / eligible);
    }
    this.pendingScaled = 0n;
    // Each split moves at most one carried remainder (< eligible / 2^64 wei) between accounts.
    this.lagBound += (2n * eligible) / MAG + 2n;
  }
}

export const REFERENCE_SCALE = SCALE;
