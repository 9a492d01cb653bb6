/** A game phase (`@imo/oracle/dispute/moves` spelling) as the pages say it. */
const WORDS: Record<string, string> = {
  none: 'not opened',
  outputCheck: 'proposer reveals the output slot',
  bisect: 'proposer bisects',
  bisectResponse: 'challenger answers the bisection',
  slotUpdate: 'proposer shows the op’s slot update',
  descentReveal: 'proposer reveals a tree node',
  descentPick: 'challenger picks a child',
  oneStep: 'challenger calls the one-step check',
  proposerWon: 'proposer won',
  challengerWon: 'challenger won',
  void: 'void',
};

export function phaseInWords(phase: string, settled = false): string {
  const words = WORDS[phase] ?? phase;
  return settled ? `${words} (settled)` : words;
}
