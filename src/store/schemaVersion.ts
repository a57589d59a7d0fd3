// The schema version this bant writes, the same for both engines: each has one migration per version, in
// its own dialect, and refuses a database from a newer bant.
export const SCHEMA_VERSION = 10;
