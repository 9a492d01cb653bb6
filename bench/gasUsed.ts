/** The gas used by a transaction once mined (`gasUsed` of the whole transaction). */
export async function gasUsed(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error('transaction was not mined');
  return Number(receipt.gasUsed);
}
