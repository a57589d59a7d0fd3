// Errors carry a message key and its parameters, not a sentence: only the edge (src/main.ts) knows the
// user's language, so it is the one that turns an error into words and an exit code.

export const EXIT_CODES = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  invalidInput: 3,
  notFound: 4,
  cancelled: 130,
} as const;

export type ExitKind = keyof typeof EXIT_CODES;

/** A sentence still to be said: a catalog key and its parameters, which may hold sentences of their own. */
export interface Message {
  key: string;
  params?: MessageParams;
}
export type MessageParams = { [name: string]: string | number | Message };

export class BantError extends Error {
  constructor(
    readonly kind: Exclude<ExitKind, 'ok' | 'unexpected'>,
    readonly key: string,
    readonly params: MessageParams = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'BantError';
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}

/** Wrong command line, or a prompt needed where there is no terminal. Exit 2. */
export const usageError = (key: string, params?: MessageParams) => new BantError('usage', key, params);
/** Bad data: a validation error, a forbidden stage change, a bad file. Exit 3. */
export const invalidInput = (key: string, params?: MessageParams) => new BantError('invalidInput', key, params);
/** A lead (or other record) that does not exist. Exit 4. */
export const notFound = (key: string, params?: MessageParams) => new BantError('notFound', key, params);
/** The user pressed Ctrl-C or declined. Exit 130. */
export const cancelled = (key = 'error.cancelled', params?: MessageParams) => new BantError('cancelled', key, params);
