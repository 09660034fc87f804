/** A file that does not parse. Positions are 1-based, in the original source. */
export class InstrumentSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'InstrumentSyntaxError';
  }
}
