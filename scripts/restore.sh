#!/usr/bin/env bash
# npm run restore -- FILE [--force]
#
# FILE from scripts/backup.sh:
#   *.dump    restored with pg_restore into DATABASE_URL (create the database
#             first: createdb, or CREATE DATABASE). A database that already has
#             tables is refused unless --force, which drops and recreates the
#             objects the backup contains (other tables are left alone).
#   *.tar.gz  the embedded database's files, unpacked to DATA_DIR/pglite with
#             the server stopped. An existing one is refused unless --force,
#             which moves it aside to pglite.before-restore-<time>.
# The restore runs in one transaction: it applies completely or not at all.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${DATA_DIR:-$root/.data}"
file=""
force=0

while [ $# -gt 0 ]; do
  case "$1" in
    -f | --force) force=1; shift ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "restore: unknown option: $1 (see --help)" >&2; exit 64 ;;
    *) [ -z "$file" ] || { echo "restore: one backup file at a time" >&2; exit 64; }; file="$1"; shift ;;
  esac
done

fail() { echo "restore: $*" >&2; exit 1; }
[ -n "$file" ] || fail "name the backup file: npm run restore -- backups/chatwright-….dump"
[ -f "$file" ] || fail "$file does not exist."

case "$file" in
  *.tar.gz)
    pglite="$data_dir/pglite"
    lock="$data_dir/pglite.lock.json"
    if [ -f "$lock" ]; then
      pid="$(sed -n 's/.*"pid":[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$lock")"
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        fail "The server (pid $pid) has the embedded database open. Stop it first."
      fi
    fi
    if [ -e "$pglite" ] && [ -n "$(ls -A "$pglite")" ]; then
      [ "$force" = 1 ] || fail "$pglite already holds a database. Add --force to move it aside and restore over it."
      aside="$pglite.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
      mv "$pglite" "$aside"
      echo "restore: moved the existing database to $aside" >&2
    fi
    mkdir -p "$data_dir"
    tar -xzf "$file" -C "$data_dir" pglite || fail "could not unpack $file."
    echo "restore: restored the embedded database into $pglite" >&2
    ;;
  *)
    [ -n "${DATABASE_URL:-}" ] || fail "set DATABASE_URL to the database to restore into (for an embedded-database backup, name its .tar.gz)."
    command -v pg_restore >/dev/null && command -v psql >/dev/null ||
      fail "pg_restore and psql are not on PATH. Install the PostgreSQL client tools (Debian: apt-get install postgresql-client)."
    tables="$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$DATABASE_URL" --command="
      SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")" ||
      fail "cannot reach the target database (see above). Does it exist?"
    clean=()
    if [ "$tables" != "0" ]; then
      [ "$force" = 1 ] || fail "the target database already has $tables tables. Restore into an empty database, or add --force to replace what the backup contains."
      clean=(--clean --if-exists)
    fi
    pg_restore --no-owner --no-privileges --exit-on-error --single-transaction "${clean[@]}" --dbname="$DATABASE_URL" "$file" ||
      fail "pg_restore failed (see above); the target database is unchanged."
    echo "restore: restored $file" >&2
    ;;
esac
