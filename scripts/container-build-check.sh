#!/usr/bin/env bash
# Performs the Dockerfile's build where Docker cannot run (docs/operations.md,
# "Containers"): the committed files the build stage COPYs are exported into a
# clean folder (git archive HEAD, what a push deploys), the build stage's ENV and
# RUN lines run there in order, then the runtime stage's ENV and CMD start the
# result with a fresh DATA_DIR and /healthz (and the HEALTHCHECK command) must
# answer. Differences from a real image: the host's Node and OS instead of
# node:20-bookworm-slim, and the current user instead of `node`.
#   bash scripts/container-build-check.sh [--keep] [--worktree]
# --worktree: the working tree's files (uncommitted edits and new files that git
# does not ignore), roughly what `docker build .` sends, instead of HEAD.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
KEEP=0; FROM=HEAD
for arg in "$@"; do
  case "$arg" in --keep) KEEP=1 ;; --worktree) FROM=worktree ;; *) echo "unknown option $arg" >&2; exit 2 ;; esac
done
export_files() { # $1: a path the Dockerfile copies
  if [ "$FROM" = HEAD ]; then git -C "$REPO" archive HEAD "$1" | tar -x -C "$APP"
  else git -C "$REPO" ls-files -z --cached --others --exclude-standard -- "$1" | (cd "$REPO" && xargs -0 tar -c --ignore-failed-read 2>/dev/null) | tar -x -C "$APP"; fi
}
WORK="$(mktemp -d "${TMPDIR:-/tmp}/chatwright-image-XXXXXX")"
APP="$WORK/app"; DATA="$WORK/data"; mkdir -p "$APP" "$DATA"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ "$KEEP" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
say() { printf '\n==> %s\n' "$*"; }

# The Dockerfile's instructions with continuation lines joined, comments dropped.
instructions() { sed -e '/^[[:space:]]*#/d' Dockerfile | sed -e ':a' -e '/\\$/N; s/\\\n//; ta'; }
stage_lines() { # $1: build | runtime
  instructions | awk -v want="$1" '
    /^FROM / { stage = ($0 ~ / AS build$/) ? "build" : "runtime"; next }
    stage == want && NF > 0 { print }'
}

if [ "$FROM" = HEAD ]; then FROM_TEXT="git HEAD $(git rev-parse --short HEAD)"; else FROM_TEXT="the working tree"; fi
say "build stage in $APP (from $FROM_TEXT)"
while IFS= read -r line; do
  keyword="${line%% *}"; rest="${line#* }"
  case "$keyword" in
    WORKDIR) ;;
    ENV) eval "export $rest" ;;
    COPY)
      read -r -a parts <<<"$rest"
      dest="${parts[${#parts[@]}-1]}"; unset "parts[${#parts[@]}-1]"
      echo "COPY ${parts[*]} -> $dest"
      for source in "${parts[@]}"; do
        # Each COPY keeps the file's path (`COPY x ./` or `COPY dir ./dir`); anything else is not mirrored here.
        if [ "$dest" != "./" ] && [ "$dest" != "./$source" ]; then echo "COPY $source $dest: the check only mirrors paths kept as they are" >&2; exit 1; fi
        export_files "$source"
      done ;;
    RUN)
      echo "RUN $rest"
      started=$SECONDS
      (cd "$APP" && bash -euo pipefail -c "$rest")
      echo "    ($((SECONDS - started)) s)" ;;
    *) echo "unhandled in the build stage: $line" >&2; exit 1 ;;
  esac
done < <(stage_lines build)

say "result"
du -sh "$APP" | sed 's/^/size: /'
du -sh "$APP/node_modules" | sed 's/^/node_modules: /'
ls "$APP/apps/dashboard/dist/index.html" "$APP/apps/widget/dist/widget.js"
for tool in vite vitest eslint turbo @playwright/test; do
  if [ -d "$APP/node_modules/$tool" ]; then echo "a dev dependency is still there: $tool" >&2; exit 1; fi
done
echo "dev dependencies gone (vite, vitest, eslint, turbo, playwright)"
if [ -d "$APP/node_modules/prisma" ]; then echo "kept: the prisma CLI ($(du -sh "$APP/node_modules/prisma" | cut -f1)), an optional peer of @prisma/client that npm keeps"; fi
echo "largest in node_modules:"
(cd "$APP/node_modules" && du -sm -- * | sort -rn | head -6 | sed 's/^/  MB /')

say "runtime stage: fresh DATA_DIR, CMD from the Dockerfile"
HEALTHCHECK_CMD=""; CMD_JSON=""
while IFS= read -r line; do
  keyword="${line%% *}"; rest="${line#* }"
  case "$keyword" in
    ENV) eval "export $rest" ;;
    HEALTHCHECK) HEALTHCHECK_CMD="${rest#*CMD }" ;;
    CMD) CMD_JSON="$rest" ;;
  esac
done < <(stage_lines runtime)
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export PORT HOST=127.0.0.1 DATA_DIR="$DATA"
unset DATABASE_URL REDIS_URL
mapfile -t COMMAND < <(node -e 'for (const part of JSON.parse(process.argv[1])) console.log(part)' "$CMD_JSON")
echo "NODE_ENV=$NODE_ENV PORT=$PORT DATA_DIR=$DATA_DIR ${COMMAND[*]}"
(cd "$APP" && exec "${COMMAND[@]}") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >"$WORK/healthz" 2>/dev/null; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; echo "the server exited" >&2; exit 1; }
  sleep 1
done
echo "GET /healthz: $(cat "$WORK/healthz")"
grep -q '"ok":true' "$WORK/healthz"
mapfile -t HEALTH < <(node -e 'for (const part of JSON.parse(process.argv[1])) console.log(part)' "$HEALTHCHECK_CMD")
(cd "$APP" && "${HEALTH[@]}") && echo "HEALTHCHECK command: healthy"
ls "$DATA"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" && echo "SIGTERM: exited 0" || echo "SIGTERM: exited $?"
SERVER_PID=""
tail -n 5 "$WORK/server.log" | cut -c1-200
say "container build check passed"
