import { fileURLToPath } from "node:url";
import path from "node:path";

/** The repository root, found from this file's location (packages/db/src). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const migrationsDir = path.join(repoRoot, "prisma", "migrations");
export const schemaPath = path.join(repoRoot, "prisma", "schema.prisma");
