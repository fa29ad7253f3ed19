import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyTestDatabase, type TestDatabase } from "./testing";
import { migrateDatabase } from "./database";
import { schemaPath } from "./paths";
import { expectedColumnType, parsePrismaSchema, type SchemaDocument } from "./prisma-schema";

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: "YES" | "NO";
}

describe("migrations match prisma/schema.prisma (no drift)", () => {
  let database: TestDatabase;
  let client: pg.Client;
  let schema: SchemaDocument;
  let columns: ColumnRow[];

  beforeAll(async () => {
    database = await createEmptyTestDatabase();
    await migrateDatabase(database.url);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    schema = parsePrismaSchema(await readFile(schemaPath, "utf8"));
    const result = await client.query<ColumnRow>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
    );
    columns = result.rows;
  });
  afterAll(async () => {
    await client.end();
    await database.stop();
  });

  it("has a table for every model and no table without one", async () => {
    const tables = new Set(columns.map((c) => c.table_name));
    expect([...tables].sort()).toEqual(schema.models.map((m) => m.name).sort());
  });

  it("has every scalar field as a column of the right type and nullability, and no extra column", () => {
    const problems: string[] = [];
    for (const model of schema.models) {
      const modelColumns = columns.filter((c) => c.table_name === model.name);
      const scalars = model.fields.filter((f) => !f.isRelation);
      for (const field of scalars) {
        const column = modelColumns.find((c) => c.column_name === field.name);
        if (!column) {
          problems.push(`${model.name}.${field.name}: missing column`);
          continue;
        }
        const expected = expectedColumnType(field, schema.enums);
        if (column.data_type !== expected.dataType || column.udt_name !== expected.udtName) {
          problems.push(`${model.name}.${field.name}: column is ${column.data_type}/${column.udt_name}, schema says ${expected.dataType}/${expected.udtName}`);
        }
        // Prisma lists are never null; we also store them NOT NULL.
        const shouldBeNullable = field.isOptional;
        if ((column.is_nullable === "YES") !== shouldBeNullable) {
          problems.push(`${model.name}.${field.name}: nullable=${column.is_nullable}, schema optional=${field.isOptional}`);
        }
      }
      for (const column of modelColumns) {
        if (!scalars.some((f) => f.name === column.column_name)) problems.push(`${model.name}.${column.column_name}: column not in the schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has every enum with the same values in the same order", async () => {
    const result = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const inDatabase = Object.fromEntries(result.rows.map((r) => [r.name, r.values]));
    expect(inDatabase).toEqual(Object.fromEntries(schema.enums));
  });

  it("backs every @unique and @@unique with a unique index", async () => {
    const result = await client.query<{ table: string; columns: string[] }>(
      `SELECT t.relname AS table, array_agg(a.attname ORDER BY k.ord)::text[] AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE i.indisunique AND NOT i.indisprimary
       GROUP BY i.indexrelid, t.relname`,
    );
    const uniqueIndexes = new Set(result.rows.map((r) => `${r.table}(${r.columns.join(",")})`));
    const missing: string[] = [];
    for (const model of schema.models) {
      const expected = [...model.fields.filter((f) => f.isUnique).map((f) => [f.name]), ...model.uniques];
      for (const cols of expected) {
        const key = `${model.name}(${cols.join(",")})`;
        if (!uniqueIndexes.has(key)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });
});
