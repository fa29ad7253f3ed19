export { createEmptyTestDatabase, createTestDatabase } from "./test-database";
export type { TestDatabase, MigratedTestDatabase } from "./test-database";
