# ACK Lambda Fleet: the dashboard as a container image (Next.js standalone server).
#
#   docker build -t ack-lambda-fleet .            (or: podman build -t ack-lambda-fleet .)
#
# Build arguments:
#   NODE_IMAGE     the official Node image of the supported Node version (package.json "engines"):
#                  it builds the dependencies and the app, and gives the runtime its `node` binary.
#   RUNTIME_IMAGE  the runtime's base: the same Debian release as NODE_IMAGE, without npm, yarn
#                  and the C headers (node is copied in from NODE_IMAGE, so its native ABI is the
#                  one better-sqlite3 was compiled against).
# Build secret (optional): `--secret id=extra_ca_certs,src=<PEM bundle>` when the npm registry
# is reached through a TLS-inspecting proxy; it is read by `npm ci` only, never stored in a layer.
#
# The image runs as uid 10001 with a read-only root filesystem: it writes only under /data (the
# SQLite store, ACK_FLEET_STORE) and needs a writable /tmp only if something asks for one.
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim

# --- dependencies: every package of the lockfile, better-sqlite3 compiled here -----------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
# better-sqlite3 is compiled here against the Node headers of this image (nodedir), never
# downloaded as a prebuilt binary: the build needs Debian's packages and the npm registry only.
# The compilers are installed in the same step: one layer, redone only when the lockfile changes.
ENV npm_config_nodedir=/usr/local \
    npm_config_build_from_source=true \
    npm_config_update_notifier=false \
    NEXT_TELEMETRY_DISABLED=1
RUN --mount=type=secret,id=extra_ca_certs \
    --mount=type=cache,target=/root/.npm,sharing=locked \
    apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/* \
 && if [ -s /run/secrets/extra_ca_certs ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca_certs; fi \
 && npm ci --no-audit --no-fund \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

# --- build: next build with output "standalone" ----------------------------------------------------
FROM deps AS build
COPY . .
# The standalone server serves .next/static and public/ from beside server.js. Source maps of
# the server are not shipped.
RUN --mount=type=cache,target=/src/.next/cache,sharing=locked \
    npx next build \
 && cp -R .next/static .next/standalone/.next/static \
 && if [ -d public ]; then cp -R public .next/standalone/public; fi \
 && find .next/standalone -name '*.map' -delete \
 && mkdir -p /out/data

# --- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS node
FROM ${RUNTIME_IMAGE} AS runtime
LABEL org.opencontainers.image.title="ack-lambda-fleet" \
      org.opencontainers.image.description="Dashboard for AWS Lambda functions managed by ACK"
COPY --from=node /usr/local/bin/node /usr/local/bin/node
WORKDIR /app
# Owned by root and not writable by the process: the app cannot change its own code.
COPY --from=build /src/.next/standalone ./
COPY --from=build --chown=10001:10001 /out/data /data
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    ACK_FLEET_STORE=sqlite:/data/history.db
USER 10001:10001
EXPOSE 3000
CMD ["node", "server.js"]
