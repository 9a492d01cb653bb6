import { asSentence } from '../format/asSentence';
import type { ReactNode } from 'react';

/** A labelled form control with its hint and its error (announced, and tied to the input by id). */
export function FormField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert" data-testid={`error-${id}`}>
          {asSentence(error)}
        </span>
      ) : null}
    </div>
  );
}
