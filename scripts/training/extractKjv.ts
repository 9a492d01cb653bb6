/**
 * Extracts the King James Version from Debian's `bible-kjv` package (whose `bible-kjv-text` stores
 * it compressed in a binary format only the `bible` program reads) into
 * `scripts/training/data/kjv.txt.gz`: one verse per line, in canonical order, with its text as
 * printed (wrapped lines joined). Run once, after `apt-get install bible-kjv`:
 * `npx tsx scripts/training/extractKjv.ts`. The committed file is the training corpus of the text
 * model; nothing at build or test time needs the Debian package.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const KJV_FILE = path.join(__dirname, 'data', 'kjv.txt.gz');
/** Verses in the KJV (Genesis 1:1 … Revelation 22:21). */
export const KJV_VERSES = 31_102;

/** Parses `bible`'s output: chapter headings, `  N text` verse lines and wrapped continuations. */
export function parseBibleOutput(text: string): string[] {
  const verses: string[] = [];
  let current: string | undefined;
  const flush = () => {
    if (current !== undefined) verses.push(current);
    current = undefined;
  };
  for (const line of text.split('\n')) {
    const verse = /^\s+\d+ (.*)$/.exec(line);
    if (verse) {
      flush();
      current = verse[1]!.trim();
    } else if (line.trim() === '') {
      flush();
    } else if (current !== undefined) {
      current += ` ${line.trim()}`;
    } // else: a chapter heading such as "Genesis 1"
  }
  flush();
  return verses;
}

function main(): void {
  const output = execFileSync('bible', ['-l10000', 'gen1:1-rev22:21'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const verses = parseBibleOutput(output);
  if (verses.length !== KJV_VERSES) throw new Error(`expected ${KJV_VERSES} verses, parsed ${verses.length}`);
  fs.writeFileSync(KJV_FILE, zlib.gzipSync(`${verses.join('\n')}\n`, { level: 9 }));
  console.log(`wrote ${verses.length} verses to ${KJV_FILE}`);
}

if (require.main === module) main();
