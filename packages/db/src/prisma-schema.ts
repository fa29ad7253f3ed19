// A reader for the subset of the Prisma schema language this project uses:
// enough for the drift test to compare prisma/schema.prisma with a live
// database. It reads models, enums, scalar fields and their attributes.

export interface SchemaField {
  name: string;
  /** Prisma type name: String, Int, DateTime, an enum name, a model name, Unsupported(...) */
  type: string;
  isList: boolean;
  isOptional: boolean;
  /** `@db.Uuid` -> "Uuid", `@db.Timestamptz(3)` -> "Timestamptz" */
  nativeType: string | null;
  isUnique: boolean;
  isRelation: boolean;
}

export interface SchemaModel {
  name: string;
  fields: SchemaField[];
  /** Field lists of `@@unique([...])` */
  uniques: string[][];
}

export interface SchemaDocument {
  models: SchemaModel[];
  enums: Map<string, string[]>;
}

const BLOCK = /^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm;

export function parsePrismaSchema(source: string): SchemaDocument {
  const withoutComments = source.replace(/\/\/.*$/gm, "");
  const blocks = [...withoutComments.matchAll(BLOCK)];
  const enums = new Map<string, string[]>();
  const modelNames = new Set<string>();
  for (const [, kind, name = "", body = ""] of blocks) {
    if (kind === "enum") enums.set(name, body.split(/\s+/).filter((v) => /^\w+$/.test(v)));
    else modelNames.add(name);
  }
  const models: SchemaModel[] = [];
  for (const [, kind, name = "", body = ""] of blocks) {
    if (kind !== "model") continue;
    const fields: SchemaField[] = [];
    const uniques: string[][] = [];
    for (const raw of body.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      if (line.startsWith("@@")) {
        const unique = /^@@unique\(\[([^\]]+)\]/.exec(line);
        if (unique?.[1]) uniques.push(unique[1].split(",").map((s) => s.trim()));
        continue;
      }
      const match = /^(\w+)\s+(Unsupported\("[^"]+"\)|\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!match) continue;
      const [, fieldName = "", type = "", list, optional, attributes = ""] = match;
      const isRelation = modelNames.has(type);
      fields.push({
        name: fieldName,
        type,
        isList: list === "[]",
        isOptional: optional === "?",
        nativeType: /@db\.(\w+)/.exec(attributes)?.[1] ?? null,
        isUnique: /@unique\b/.test(attributes),
        isRelation,
      });
    }
    models.push({ name, fields, uniques });
  }
  return { models, enums };
}

/** The `information_schema.columns` type a scalar field must have. */
export function expectedColumnType(field: SchemaField, enums: Map<string, string[]>): { dataType: string; udtName: string } {
  const scalar = scalarColumnType(field, enums);
  if (field.isList) return { dataType: "ARRAY", udtName: `_${scalar.udtName}` };
  return scalar;
}

const builtInUnsupportedTypes = new Set(["tsvector", "tsquery"]);

function scalarColumnType(field: SchemaField, enums: Map<string, string[]>): { dataType: string; udtName: string } {
  if (enums.has(field.type)) return { dataType: "USER-DEFINED", udtName: field.type };
  const unsupported = /^Unsupported\("(\w+)"\)$/.exec(field.type);
  if (unsupported?.[1]) {
    // information_schema names Postgres' own base types (tsvector) by name;
    // only types from extensions (pgvector's vector, citext) are USER-DEFINED.
    const isBuiltIn = builtInUnsupportedTypes.has(unsupported[1]);
    return { dataType: isBuiltIn ? unsupported[1] : "USER-DEFINED", udtName: unsupported[1] };
  }
  switch (field.nativeType ?? field.type) {
    case "Uuid":
      return { dataType: "uuid", udtName: "uuid" };
    case "Timestamptz":
      return { dataType: "timestamp with time zone", udtName: "timestamptz" };
    case "DateTime":
      return { dataType: "timestamp without time zone", udtName: "timestamp" };
    case "Real":
      return { dataType: "real", udtName: "float4" };
    case "String":
    case "Text":
      return { dataType: "text", udtName: "text" };
    case "Int":
    case "Integer":
      return { dataType: "integer", udtName: "int4" };
    case "BigInt":
      return { dataType: "bigint", udtName: "int8" };
    case "Float":
      return { dataType: "double precision", udtName: "float8" };
    case "Boolean":
      return { dataType: "boolean", udtName: "bool" };
    case "Json":
      return { dataType: "jsonb", udtName: "jsonb" };
    default:
      throw new Error(`The drift check does not know the Prisma type ${field.type}${field.nativeType ? ` @db.${field.nativeType}` : ""}; teach expectedColumnType about it.`);
  }
}
