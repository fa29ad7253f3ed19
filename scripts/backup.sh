#!/usr/bin/env bash
# npm run backup [-- --output FILE]
#
# DATABASE_URL set: `pg_dump --format=custom` of that database to
#   $BACKUP_DIR/chatwright-<UTC time>.dump (restore with scripts/restore.sh).
# DATABASE_URL unset: the embedded database's files (DATA_DIR/pglite) as
#   $BACKUP_DIR/chatwright-embedded-<UTC time>.tar.gz. The server must be
#   stopped: PGlite's files are only consistent while nobody has them open.
#
# Prints the backup's path on stdout; everything else goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backup_dir="${BACKUP_DIR:-$root/backups}"
data_dir="${DATA_DIR:-$root/.data}"
output=""

while [ $# -gt 0 ]; do
  case "$1" in
    -o | --output) output="${2:?--output needs a file name}"; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "backup: unknown argument: $1 (see --help)" >&2; exit 64 ;;
  esac
done

fail() { echo "backup: $*" >&2; exit 1; }
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

if [ -n "${DATABASE_URL:-}" ]; then
  command -v pg_dump >/dev/null || fail "pg_dump is not on PATH. Install the PostgreSQL client tools (Debian: apt-get install postgresql-client), the same major version as the server or newer."
  target="${output:-$backup_dir/chatwright-$stamp.dump}"
  [ -e "$target" ] && fail "$target already exists; choose another --output."
  mkdir -p "$(dirname "$target")"
  # Written under a temporary name first: a failed dump never looks like a backup.
  partial="$target.partial"
  trap 'rm -f "$partial"' EXIT
  pg_dump --format=custom --no-owner --no-privileges --file="$partial" --dbname="$DATABASE_URL" || fail "pg_dump failed (see above); no backup was written."
  mv "$partial" "$target"
  trap - EXIT
else
  pglite="$data_dir/pglite"
  [ -d "$pglite" ] || fail "No DATABASE_URL and no embedded database at $pglite. Set DATABASE_URL, or DATA_DIR to where the embedded database lives."
  lock="$data_dir/pglite.lock.json"
  if [ -f "$lock" ]; then
    pid="$(sed -n 's/.*"pid":[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$lock")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      fail "The server (pid $pid) has the embedded database open. Stop it, then run the backup again."
    fi
  fi
  target="${output:-$backup_dir/chatwright-embedded-$stamp.tar.gz}"
  [ -e "$target" ] && fail "$target already exists; choose another --output."
  mkdir -p "$(dirname "$target")"
  tar -czf "$target" -C "$data_dir" pglite || fail "could not archive $pglite."
fi

echo "backup: wrote $target ($(du -h "$target" | cut -f1))" >&2
echo "$target"
