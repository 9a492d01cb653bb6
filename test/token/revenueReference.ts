/**
 * A plain TypeScript model of ModelToken's revenue rules, in exact arithmetic (earnings kept at
 * 2^-128 wei resolution): what each account should have earned if every deposit were split by
 * balance / eligible supply at that moment, with deposits made while the eligible supply is below
 * `totalSupply >> 8` carried to the first moment it is not.
 */
export const BURN_ADDRESS = '0x000000000000000000000000000000000000dEaD';
const SCALE = 2n ** 128n;
const MAG = 2n ** 64n;

export class RevenueReference {
  readonly balances = new Map<string, bigint>();
  readonly earnedScaled = new Map<string, bigint>();
  readonly paid = new Map<string, bigint>();
  readonly excluded: Set<string>;
  totalSupply = 0n;
  reserve = 0n;
  pendingScaled = 0n;
  deposited = 0n;
  redeemed = 0n;
  /** Upper bound, in wei, on how far the contract's 2^64 accumulator may lag or lead the exact share. */
  lagBound = 1n;

  constructor(
    allocation: Record<string, bigint>,
    excluded: string[],
    readonly reserveBps: bigint,
  ) {
    this.excluded = new Set([...excluded, BURN_ADDRESS].map((a) => a.toLowerCase()));
    for (const [account, amount] of Object.entries(allocation)) {
      this.balances.set(account.toLowerCase(), (this.balanceOf(account) ?? 0n) + amount);
      this.totalSupply += amount;
    }
  }

  balanceOf(account: string): bigint {
    return this.balances.get(account.toLowerCase()) ?? 0n;
  }

  eligibleSupply(): bigint {
    let eligible = 0n;
    for (const [account, balance] of this.balances) if (!this.excluded.has(account)) eligible += balance;
    return eligible;
  }

  /** Exact earnings of `account` (claimed or not), in wei, as a scaled integer. */
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
    this.balances.set(f, this.balanceOf(f) - amount);
    this.balances.set(t, this.balanceOf(t) + amount);
    if (this.excluded.has(f) && !this.excluded.has(t)) this.split();
  }

  claim(account: string, amount: bigint): void {
    const a = account.toLowerCase();
    this.paid.set(a, (this.paid.get(a) ?? 0n) + amount);
  }

  /** Burns and returns the reserve share paid (the contract's formula: floor(reserve·amount/outstanding)). */
  burn(account: string, amount: bigint): bigint {
    const a = account.toLowerCase();
    const outstanding = this.totalSupply - this.balanceOf(BURN_ADDRESS);
    const redeemed = this.excluded.has(a) || outstanding === 0n ? 0n : (this.reserve * amount) / outstanding;
    this.balances.set(a, this.balanceOf(a) - amount);
    this.totalSupply -= amount;
    this.reserve -= redeemed;
    this.redeemed += redeemed;
    return redeemed;
  }

  private split(): void {
    const eligible = this.eligibleSupply();
    if (this.pendingScaled === 0n || eligible === 0n || eligible < this.totalSupply >> 8n) return;
    for (const [account, balance] of this.balances) {
      if (this.excluded.has(account) || balance === 0n) continue;
      this.earnedScaled.set(account, this.earned(account) + (this.pendingScaled * balance) / eligible);
    }
    this.pendingScaled = 0n;
    // Each split moves at most one carried remainder (< eligible / 2^64 wei) between accounts.
    this.lagBound += (2n * eligible) / MAG + 2n;
  }
}

export const REFERENCE_SCALE = SCALE;
