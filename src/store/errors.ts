/** The store's own errors: a data file or database that cannot be used, a write that did not last. */

/** The data file cannot be used; start-up stops with this message, the file untouched. */
export class StoreError extends Error {
  readonly file: string;
  constructor(message: string, file: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.file = file;
  }
}

/** A write that did not reach the disk (full disk, I/O error); the store kept nothing of it. */
export class StoreWriteError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreWriteError';
    this.code = code;
  }
}
