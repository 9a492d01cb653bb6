import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { digitFeatures, type Stroke } from '@imo/oracle/preprocessing/digitFeatures';
import { DIGIT_STROKES } from '@imo/oracle/preprocessing/testing/digitStrokes';
import { DigitEditor, RawEditor, TextEditor, digitInput, rawInput, textInput } from './InputEditors';

afterEach(cleanup);

const DIGITS_IO = { rows: 1, cols: 64, dtype: 'int8' } as const;
const TEXT_IO = { rows: 1, cols: 32, dtype: 'int8' } as const;

function cells(): number[] {
  return screen.getAllByRole('cell').map((c) => Number(c.textContent));
}

describe('the playground’s input editors', () => {
  it('show a drawing’s block counts exactly as the model receives them, and clear them', () => {
    function Harness() {
      const [strokes, setStrokes] = useState<Stroke[]>(DIGIT_STROKES[4]!);
      return <DigitEditor strokes={strokes} onChange={setStrokes} />;
    }
    render(<Harness />);
    expect(cells()).toEqual(Array.from(digitFeatures(DIGIT_STROKES[4]!)));
    expect(cells().some((v) => v > 0)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(cells()).toEqual(new Array(64).fill(0));
    expect(digitInput([])).toEqual({ error: 'Draw a digit first.' });
    expect(digitInput(DIGIT_STROKES[4]!)).toEqual({ bytes: digitFeatures(DIGIT_STROKES[4]!) });
  });

  it('show the 32 characters a text model reads: normalised, the last 32, padded with line breaks', () => {
    render(<TextEditor value="In the Beginning, GOD created!" onChange={() => undefined} io={TEXT_IO} />);
    const read = screen.getByTestId('model-reads').getAttribute('aria-label')!;
    expect(read).toBe(`The model reads: ${JSON.stringify('\n\nin the beginning, god created!')}`);
    expect(textInput('   ', TEXT_IO)).toEqual({ error: 'Type a prompt first.' });
    expect('bytes' in textInput('a', TEXT_IO) && textInput('a', TEXT_IO)).toMatchObject({ bytes: { length: 32 } });
  });

  it('check raw input against the io spec and say what is wrong', () => {
    render(<RawEditor value="0x0g" onChange={() => undefined} io={DIGITS_IO} />);
    expect(screen.getByText(/not whole bytes of hex/)).toBeTruthy();
    cleanup();
    render(<RawEditor value="[1, 2, 3]" onChange={() => undefined} io={DIGITS_IO} />);
    expect(screen.getByText('3 of 64 bytes (the rest are zeros).')).toBeTruthy();
    expect(rawInput(`0x${'00'.repeat(65)}`, DIGITS_IO)).toEqual({
      error: 'the input is 65 bytes; this model takes at most 64 (1 × 64 int8)',
    });
    expect(rawInput('[128]', DIGITS_IO)).toEqual({
      error: 'element 0 is 128; an int8 input takes whole numbers from -128 to 127',
    });
  });
});
