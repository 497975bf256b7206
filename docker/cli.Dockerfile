# syntax=docker/dockerfile:1
# Tidemark CLI: the `tidemark` command (sync, watermark, status, s3clean, verify...).
# Build from the repository root (the build context):
#   docker build -f docker/cli.Dockerfile -t tidemark/cli .
#   docker run --rm -v "$PWD:/work" -e SHOP_MYSQL_PASSWORD tidemark/cli status
# /work is the project folder: ./config is read from it, and the config's
# relative paths (.tidemark/...) land in it, as when tidemark runs on a laptop.
# Debian (glibc), not Alpine: DuckDB's native module. See docs/deployment.md.

FROM node:20-bookworm AS build
WORKDIR /repo
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
# The lock file as it is; `npm install`, not `npm ci`: docs/decisions/0004-npm-install-not-ci.md
RUN npm install --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY libs ./libs
COPY apps/cli ./apps/cli
RUN npx nx build cli --outputStyle=static

# The bundle's production packages only, built with the compilers this image has.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY --from=build /repo/dist/apps/cli/package.json /repo/dist/apps/cli/package-lock.json ./
COPY --from=build /repo/package.json ./workspace-package.json
COPY docker/install-production-deps.sh ./
RUN sh install-production-deps.sh workspace-package.json

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /repo/dist/apps/cli/main.js /repo/dist/apps/cli/main.js.map /repo/dist/apps/cli/cli.js /repo/dist/apps/cli/cli.js.map /repo/dist/apps/cli/packages.js ./
RUN mkdir -p /work && chown 1000:1000 /work
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
WORKDIR /work
ENTRYPOINT ["node", "--enable-source-maps", "/app/main.js"]
CMD ["--help"]
