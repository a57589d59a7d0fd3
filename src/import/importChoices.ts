// The choices `bant import` offers on its command line, apart from the import itself so that defining the
// command does not load the CSV parser (every `bant` run defines every command).

export const DUPLICATE_POLICIES = ['skip', 'update'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export const ENCODINGS = ['utf8', 'latin1'] as const;
export type EncodingOption = (typeof ENCODINGS)[number];

/** The order of day and month in numeric dates (03/04/2026): day first or month first. */
export const DATE_ORDERS = ['dmy', 'mdy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/** A worker thread costs some start-up; it pays off once parsing takes longer than that. */
export const PARALLEL_FROM_BYTES = 4 * 1024 * 1024;
