/**
 * The PostgreSQL server named by `DATABASE_URL`, or undefined for the
 * embedded database. Empty or blank counts as unset, as in the server's
 * env.ts: `DATABASE_URL=` in a shell or an .env file means "no server", not
 * "a server with no name" (pg would then fail with "No PostgreSQL user name
 * specified"). Every script and test helper reads the setting through this.
 */
export function readDatabaseUrl(environment: Readonly<Record<string, string | undefined>>): string | undefined {
  const url = environment["DATABASE_URL"]?.trim();
  return url === undefined || url === "" ? undefined : url;
}
