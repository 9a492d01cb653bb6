import { useId } from 'react';
import { describeInputForms, encodeModelInput, inputBytesOf } from '@imo/oracle/client/modelInput';
import { encodeTextPrompt } from '@imo/oracle/client/textCodec';
import { DIGIT_FEATURES_SIDE, digitFeatures, type Stroke } from '@imo/oracle/preprocessing/digitFeatures';
import type { TensorSpec } from '@imo/runtime/types';
import { DigitPad, FeatureGrid } from './DigitPad';

/** An editor's value: the request's input bytes, or why there are none yet. */
export type EditedInput = { bytes: Uint8Array } | { error: string };

/** Draw a digit; beside it, the 8 × 8 block counts the model will read. */
export function DigitEditor({ strokes, onChange }: { strokes: Stroke[]; onChange: (strokes: Stroke[]) => void }) {
  const features = digitFeatures(strokes);
  return (
    <div className="digit-editor">
      <div className="stack">
        <DigitPad strokes={strokes} onChange={onChange} />
        <button type="button" className="button-secondary" onClick={() => onChange([])} disabled={strokes.length === 0}>
          Clear
        </button>
      </div>
      <div className="stack">
        <h3 className="small">What the model reads</h3>
        <FeatureGrid features={features} side={DIGIT_FEATURES_SIDE} />
        <p className="small muted">
          Your strokes, size-normalised onto a 32×32 grid; each cell counts the inked pixels of one 4×4 block (0–16),
          exactly as the model’s training data was made.
        </p>
      </div>
    </div>
  );
}

export function digitInput(strokes: Stroke[]): EditedInput {
  return strokes.length === 0 ? { error: 'Draw a digit first.' } : { bytes: digitFeatures(strokes) };
}

const shown = (c: string) => (c === '\n' ? '⏎' : c === ' ' ? '·' : c);

/** A prompt for a character-level text model, and the characters it will read (last `cols`, padded). */
export function TextEditor({ value, onChange, io }: { value: string; onChange: (v: string) => void; io: TensorSpec }) {
  const id = useId();
  const read = String.fromCharCode(...encodeTextPrompt(value, io.cols));
  return (
    <div className="stack">
      <label htmlFor={id}>Prompt</label>
      <textarea id={id} rows={3} value={value} onChange={(e) => onChange(e.target.value)} data-testid="prompt" />
      <p className="small muted">
        The model reads exactly {io.cols} characters: your prompt lower-cased, only letters, space and{' '}
        <code>,.:;?!&apos;-</code> kept, the last {io.cols} taken, padded on the left with line breaks (⏎).
      </p>
      <p className="mono model-reads" data-testid="model-reads" aria-label={`The model reads: ${JSON.stringify(read)}`}>
        {[...read].map((c, i) => (
          <span key={i} className={c === '\n' ? 'muted' : undefined}>
            {shown(c)}
          </span>
        ))}
      </p>
    </div>
  );
}

export function textInput(value: string, io: TensorSpec): EditedInput {
  return value.trim() === '' ? { error: 'Type a prompt first.' } : { bytes: encodeTextPrompt(value, io.cols) };
}

/** Any other model: the input as 0x-hex or a JSON array of element values, checked against its io spec. */
export function RawEditor({ value, onChange, io }: { value: string; onChange: (v: string) => void; io: TensorSpec }) {
  const id = useId();
  const edited = rawInput(value, io);
  return (
    <div className="stack">
      <label htmlFor={id}>
        Input ({io.rows} × {io.cols} {io.dtype}, at most {inputBytesOf(io)} bytes)
      </label>
      <textarea
        id={id}
        rows={4}
        className="mono"
        value={value}
        placeholder={io.dtype === 'int8' ? '0x0010… or [0, 16, …]' : '[1, -2, …]'}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={'error' in edited && value.trim() !== ''}
        data-testid="raw-input"
      />
      {'error' in edited ? (
        value.trim() === '' ? (
          <p className="small muted">Enter {describeInputForms(io)}. Shorter inputs are zero-padded.</p>
        ) : (
          <p className="field-error small">{edited.error}</p>
        )
      ) : (
        <p className="small muted">
          {edited.bytes.length} of {inputBytesOf(io)} bytes
          {edited.bytes.length < inputBytesOf(io) ? ' (the rest are zeros)' : ''}.
        </p>
      )}
    </div>
  );
}

export function rawInput(value: string, io: TensorSpec): EditedInput {
  if (value.trim() === '') return { error: `Enter ${describeInputForms(io)}.` };
  try {
    return { bytes: encodeModelInput(value, io) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
