/**
 * An error the user caused and can fix. It carries an i18n key and values, never an English
 * sentence; the dispatcher localizes it and adds a correct example.
 */
export class UserError extends Error {
  readonly key: string;
  readonly vars: Record<string, unknown>;
  /** The command whose usage and example the error shows (defaults to the invoked one). */
  readonly exampleFor: string | undefined;
  /** With exampleFor: the subcommand whose usage and example it shows. */
  readonly exampleSub: string | undefined;
  constructor(key: string, vars: Record<string, unknown> = {}, exampleFor?: string, exampleSub?: string) {
    super(key);
    this.name = 'UserError';
    this.key = key;
    this.vars = vars;
    this.exampleFor = exampleFor;
    this.exampleSub = exampleSub;
  }
}

/** A malformed definition (command spec, knowledge-base entry, template) found at start-up. */
export class DefinitionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DefinitionError';
  }
}
