/**
 * The base of every error this project's TypeScript throws: a short message that says what was
 * expected and what was found, a machine-readable `code`, and the underlying `cause` if any.
 * Each module subclasses it (`RuntimeError`, `OracleClientError`).
 */
export class ImoError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
