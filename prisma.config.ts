// Prisma CLI configuration. The app never reads it: at run time packages/db
// builds the connection itself (embedded PGlite or DATABASE_URL).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env["DATABASE_URL"]?.trim() || "postgresql://localhost:5432/chatwright" },
});
