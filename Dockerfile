# trailwatch container image: `start` by default (schedule + workers + HTTP /healthz, /metrics: what
# `npx trailwatch start` runs in a checkout); `docker run IMAGE worker` for workers only,
# `docker run IMAGE scan examples/sample-trail` to try scan.
# Build: docker build -t trailwatch .   Run with Redis: docker compose up (see compose.yml, docs/deploy.md).

# Node 24: the active LTS line. package.json's engines lists every line CI tests (.ci/run).

# ---- build: all dependencies (TypeScript is a dev dependency), then tsc into dist/ ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: package.json's `prepare` runs the build, and the sources are not copied yet. (The only
# dependency with an install script in package-lock.json is msgpackr-extract, an optional native speed-up
# for msgpackr that ships prebuilt binaries as optional packages and falls back to plain JS.)
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# ---- deps: production dependencies only, from the same lockfile ----
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev drops TypeScript, vitest, biome; --ignore-scripts because `prepare` would run the build
# (npm runs it even with --omit=dev) and fail without TypeScript.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime ----
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# The HTTP port for /healthz, /metrics and Slack's /slack/events (HTTP mode); the healthcheck reads it too.
# Inside a container the network namespace is the boundary: listen on every interface, so a scraper, a
# load balancer or Slack (through one) can reach it. Outside a container the default stays 127.0.0.1.
ENV PORT=3000 TRAILWATCH_HTTP_HOST=0.0.0.0
WORKDIR /app
# Files stay owned by root: the app only reads them, and the `node` user cannot change its own code.
# node_modules includes the @ip-location-db CSV data that trailwatch reads at run time.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# package.json: "type": "module" for dist/, and trailwatch's version (read at run time).
COPY package.json ./
# Sample trail files, so `docker run IMAGE scan examples/sample-trail` works in the container.
COPY examples ./examples
# The official node images provide the unprivileged `node` user (uid 1000).
USER node
EXPOSE 3000
# No curl in slim images: node itself asks /healthz, with its own 4 s limit inside Docker's 5 s timeout.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["start"]
