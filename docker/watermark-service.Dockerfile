# syntax=docker/dockerfile:1
# Tidemark watermark-service: the REST API over the watermark store, port 3100.
# Build from the repository root (the build context):
#   docker build -f docker/watermark-service.Dockerfile -t tidemark/watermark-service .
# Debian (glibc), not Alpine: DuckDB's native module. See docs/deployment.md.

FROM node:20-bookworm AS build
WORKDIR /repo
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
# The lock file as it is; `npm install`, not `npm ci`: docs/decisions/0004-npm-install-not-ci.md
RUN npm install --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY libs ./libs
COPY apps/watermark-service ./apps/watermark-service
RUN npx nx build watermark-service --outputStyle=static

# The bundle's production packages only, built with the compilers this image has.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY --from=build /repo/dist/apps/watermark-service/package.json /repo/dist/apps/watermark-service/package-lock.json ./
COPY --from=build /repo/package.json ./workspace-package.json
COPY docker/install-production-deps.sh ./
RUN sh install-production-deps.sh workspace-package.json

FROM node:20-bookworm-slim AS runtime
# HOST: the services listen on 127.0.0.1 unless told otherwise.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3100 \
    TIDEMARK_CONFIG=/etc/tidemark/config
WORKDIR /app
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /repo/dist/apps/watermark-service/main.js /repo/dist/apps/watermark-service/main.js.map ./
RUN mkdir -p /var/lib/tidemark && chown 1000:1000 /var/lib/tidemark
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 3100
# GET /health answers without the API token; slim images have no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "main.js"]
