/**
 * What the CLI prints: results on stdout (human lines, or one JSON document with `--json`), progress
 * and notes on stderr, so `--json` output stays parseable. Progress is a bar redrawn in place on a
 * terminal and one line per step otherwise.
 */
export class Output {
  private barOpen = false;

  constructor(
    readonly json: boolean,
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr,
  ) {}

  /** A note about what is happening (stderr). */
  note(line: string): void {
    this.endBar();
    this.err.write(`${line}\n`);
  }

  /** Progress of long work: `label` with `done` of `total` steps (stderr). */
  progress(label: string, done: number, total: number): void {
    const tty = (this.err as NodeJS.WriteStream).isTTY === true;
    if (!tty) {
      this.err.write(`[${done}/${total}] ${label}\n`);
      return;
    }
    const width = 24;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    this.err.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}\x1b[K`);
    this.barOpen = true;
    if (done >= total) this.endBar();
  }

  /** The command's result: `value` as JSON with `--json`, else the human lines. */
  result(value: unknown, lines: () => string[]): void {
    this.endBar();
    if (this.json) this.out.write(`${toJson(value)}\n`);
    else for (const line of lines()) this.out.write(`${line}\n`);
  }

  private endBar(): void {
    if (this.barOpen) {
      this.err.write('\n');
      this.barOpen = false;
    }
  }
}

/** JSON with bigints as decimal strings and byte arrays as 0x-hex. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
      return v;
    },
    2,
  );
}
