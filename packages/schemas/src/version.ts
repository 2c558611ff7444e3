/** The schema version every record written by this package carries. */
export const SCHEMA_VERSION = 1 as const;
