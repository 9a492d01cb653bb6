import { describeOutput } from '@imo/oracle/client/describeOutput';
import { hexToBytes } from '@imo/oracle/client/decodeOutput';
import { DIGIT_FEATURES_SIDE } from '@imo/oracle/preprocessing/digitFeatures';
import type { Manifest } from '@imo/runtime/package/manifest';
import { inputKindOf } from '../playground/inputKind';
import { FeatureGrid } from '../playground/DigitPad';

/** A request's input as the model reads it: the digit's block counts, the prompt's characters, or hex. */
export function InputView({ input, manifest }: { input: string; manifest: Manifest | undefined }) {
  const kind = inputKindOf(manifest);
  const bytes = hexToBytes(input);
  if (kind === 'digits' && bytes.length <= DIGIT_FEATURES_SIDE ** 2) {
    const padded = new Uint8Array(DIGIT_FEATURES_SIDE ** 2);
    padded.set(bytes);
    return <FeatureGrid features={padded} side={DIGIT_FEATURES_SIDE} />;
  }
  if (kind === 'text') return <p className="mono break">{JSON.stringify(String.fromCharCode(...bytes))}</p>;
  return <code className="break">{input}</code>;
}

/** An output decoded for a person (the digit's label, the generated text, else the values), with its hex. */
export function OutputView({
  output,
  dtype,
  labels,
}: {
  output: string;
  dtype: 'int8' | 'int32';
  /** The package's labels of a one-element output (a classifier's class names). */
  labels?: readonly string[];
}) {
  const d = describeOutput(output, dtype, labels);
  return (
    <span className="output-view">
      <strong data-testid="decoded-output" className="big">
        {d.label !== undefined ? d.label : d.text !== undefined ? `“${d.text}”` : `[${d.values.join(', ')}]`}
      </strong>{' '}
      <code className="small muted break">{output}</code>
    </span>
  );
}
