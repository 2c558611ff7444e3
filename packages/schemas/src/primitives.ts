import { z } from 'zod';
import { SCHEMA_VERSION } from './version.js';

/** Any JSON value. Keys named `__proto__` are dropped by the parser, so parsed values cannot pollute prototypes. */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

/** An object of JSON values. */
export const JsonObject = z.record(z.string(), JsonValue);
export type JsonObject = z.infer<typeof JsonObject>;

/** An identifier: 1..256 characters, no control characters. */
export const Id = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');

/** A name segment (tenant, agent, task type): 1..128 characters, no control characters. */
export const Name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');

/** An ISO-8601 timestamp with an offset, e.g. `2026-11-26T03:49:50.000Z`. */
export const Timestamp = z.iso.datetime({ offset: true });

/** A non-negative duration in milliseconds. */
export const DurationMs = z.number().finite().nonnegative();

/** A score or probability in [0, 1]. */
export const UnitInterval = z.number().min(0).max(1);

/** The `schemaVersion` field every record carries. */
export const SchemaVersionField = z.literal(SCHEMA_VERSION);

/** A list of short strings (tools, decisions, factors). */
export const StringList = z.array(z.string().max(4096)).max(1000);
