import { network } from 'hardhat';

/**
 * A chain state to return to before each run of a property: `take()` once after setting up, then
 * `restore()` at the start of every run (it re-takes the snapshot, since a revert consumes it).
 */
export class ChainSnapshot {
  private id: string | undefined;

  async take(): Promise<void> {
    this.id = (await network.provider.send('evm_snapshot')) as string;
  }

  async restore(): Promise<void> {
    if (this.id === undefined) throw new Error('no snapshot taken');
    await network.provider.send('evm_revert', [this.id]);
    await this.take();
  }
}
