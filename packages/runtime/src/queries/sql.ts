import pg from "pg";
import { toStorableJson } from "../storableText";

/*
 * Literals for the turn's multi-statement queries: a simple-protocol query may
 * hold several statements, so a turn's writes travel in one round trip. Values
 * go in escaped by pg's escapeLiteral (the same text the driver would send as
 * parameters). Text reaches here storable (storableText.ts): a NUL cannot
 * travel in a simple query, and the runtime refuses or cleans it first.
 */

const { escapeLiteral } = pg;

export const lit = (value: string | null): string => (value === null ? "NULL" : escapeLiteral(value));

export const litNumber = (value: number): string => {
  if (!Number.isSafeInteger(value)) throw new Error(`Not an integer: ${value}`);
  return String(value);
};

export const litTime = (value: Date): string => `${escapeLiteral(value.toISOString())}::timestamptz`;

export const litJson = (value: unknown): string => {
  const json = toStorableJson(value); // undefined stays NULL, as a parameter would
  return json === undefined ? "NULL" : `${escapeLiteral(json)}::jsonb`;
};
