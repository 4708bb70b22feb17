# tokengate's image: compiled in a build stage, run with production dependencies only, as a non-root user.
# Not built in CI (no Docker engine there); .ci/deploy-check.sh installs and starts the same production tree.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The lock file and patches/ before the sources, so the dependency layer is rebuilt only when they change.
# npm ci's postinstall (patch-package) applies patches/ to type-graphql.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=4000
WORKDIR /app
# patch-package is a dependency, not a devDependency: the production install applies patches/ too, and
# --error-on-fail stops the build if the patch no longer fits. pino-pretty and the test tools stay out.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time: the common-password list (dist/auth/passwords/common-passwords.js reads ../../../assets).
COPY assets ./assets
# The image's own unprivileged user (uid 1000); it owns nothing under /app, so the code cannot be rewritten.
USER node
EXPOSE 4000
# Liveness only (the process answers): a store outage must not get every instance restarted at once.
# No curl in the slim image: node's own fetch.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/index.js"]
