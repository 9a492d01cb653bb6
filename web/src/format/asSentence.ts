/**
 * A message in lower case (as errors are written, to compose) as a sentence for display.
 *
 * @example
 * asSentence('the sale has closed'); // 'The sale has closed.'
 */
export function asSentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
