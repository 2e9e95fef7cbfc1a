# syntax=docker/dockerfile:1
# One image for every app service of docker-compose.yml (migrate, api, worker, sandbox). Each
# service picks its entry point with its command and is configured only by environment:
#   node dist/cli/migrate.js                            migrations (what `npm run db:migrate` does)
#   node dist/cli/pii-convert.js                        `npm run pii:convert` (the upgrade step)
#   node dist/cli/pii-rotate.js                         `npm run pii:rotate` (key rotation)
#   node --enable-source-maps apps/api/dist/main.js     the intake API (the default)
#   node --enable-source-maps apps/worker/dist/main.js  the worker
#   node --enable-source-maps apps/sandbox/dist/main.js the i'mport sandbox
# Nothing is built at start: the runtime stage holds the built bundles and production
# dependencies only. .ci/run also runs the test suite on this exact Node version.

# An even (LTS) Node line, pinned to a release so builds are reproducible; bump it deliberately.
ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS build
# The lockfile is written by npm 11 (package.json "packageManager"); install with the same npm.
RUN npm install -g npm@11.19.1
WORKDIR /app
COPY . .
# devDependencies are needed here only: turbo, tsc and tsup build the bundles. The apps bundle
# the workspace packages and load every third-party package from node_modules (tsup.app.ts);
# tsup.cli.ts bundles the migration and pii commands so the runtime needs no tsx.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund \
    && npm run build \
    && npx tsup --config tsup.cli.ts
# The runtime's node_modules: the production dependencies of the three apps the image runs, as
# npm itself resolves them (`npm ls --omit=dev`), copied with their paths (by tar, which GNU and
# BSD systems alike have: test/image-runtime.test.ts runs this line on the host).
# `npm ci --omit=dev` alone would also install the production dependencies of every other
# workspace (the demo's and the test helpers' embedded Postgres, testcontainers), twice the
# size. Workspace links are left out: the bundles already contain the workspace code. So is
# TypeScript (23 MB): npm lists it only because valibot (under @bull-board/api) names it as an
# optional peer, for its types; nothing loads it at run time.
RUN npm ls --omit=dev --all --parseable -w @cert/api -w @cert/worker -w @cert/sandbox \
      > /tmp/production-paths \
    && mkdir /prod \
    && grep '^/app/node_modules/' /tmp/production-paths \
      | grep -v -e '^/app/node_modules/@cert/' -e '^/app/node_modules/typescript$' \
      | sed 's#^/app/##' | sort -u | tar -cf - -T - | tar -xf - -C /prod

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and not writable by the app's user: the processes write nothing to disk.
COPY --from=build /app/package.json ./
COPY --from=build /prod/node_modules ./node_modules
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/dist/cli ./dist/cli
# Each app's package.json too: it marks the bundle as an ES module ("type": "module").
COPY --from=build /app/apps/api/package.json ./apps/api/
COPY --from=build /app/apps/api/dist ./apps/api/dist
COPY --from=build /app/apps/worker/package.json ./apps/worker/
COPY --from=build /app/apps/worker/dist ./apps/worker/dist
COPY --from=build /app/apps/sandbox/package.json ./apps/sandbox/
COPY --from=build /app/apps/sandbox/dist ./apps/sandbox/dist
COPY --from=build /app/scripts/healthcheck.mjs ./scripts/

# Not root: the apps need no privileges (the node image's unprivileged user, uid 1000).
USER node
# API, sandbox, worker metrics.
EXPOSE 3000 4010 9464
# Fits the default command (the API's liveness on PORT); compose gives the worker, the sandbox
# and the one-shot migrate service their own probe or none.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "scripts/healthcheck.mjs"]
CMD ["node", "--enable-source-maps", "apps/api/dist/main.js"]
