# syntax=docker/dockerfile:1
# Chatwright's production image (docs/operations.md, "Containers"). Two stages:
# `build` installs everything, generates the Prisma client, builds the dashboard
# and the widget, then installs the production dependencies alone; the runtime stage copies that
# folder onto a clean base and runs as the unprivileged `node` user.
# scripts/container-build-check.sh runs this file's build-stage COPY and RUN
# lines in a clean folder where Docker is not available: keep them plain.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json turbo.json prisma.config.ts ./
COPY config ./config
COPY prisma ./prisma
COPY flows ./flows
COPY apps ./apps
COPY packages ./packages
RUN npm ci --no-audit --no-fund --prefer-offline
RUN npm run generate -w @chatwright/db
RUN npm run build
# A fresh production install of what the server needs (the prisma CLI stays: npm keeps it
# as an optional peer of @prisma/client). No scripts: the root postinstall would generate
# the Prisma client, already generated into packages/db/src/generated above.
RUN rm -rf node_modules apps/*/node_modules packages/*/node_modules
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline
RUN rm -rf .turbo apps/*/.turbo packages/*/.turbo

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
# The embedded database (no DATABASE_URL) and the development secrets key live here; with
# PostgreSQL it stays empty. Mount a volume if you run the image without DATABASE_URL.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# tsx runs the TypeScript sources directly (the packages export src/*.ts); SIGTERM reaches
# node itself (no npm in between), so shutdown closes sockets and finishes in-flight turns.
CMD ["node", "--import", "tsx", "apps/server/src/main.ts"]
