# The lottery service in one image for every role: `node dist/src/main.js api|consumer|worker|all`.
# docker-compose.yml builds it once and also runs its migrations with it (scripts/migrate.mjs).

# --- build: all dependencies, Prisma client, tsc -----------------------------------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the Prisma install hooks would fetch Rust engines this service never uses
# (the CLI and the client run on the pg driver adapter); the client is generated just below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run db:generate && npm run build

# --- runtime: production dependencies and the compiled service --------------------------------
FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies include the prisma CLI, which `node scripts/migrate.mjs` runs.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# The generated Prisma client is TypeScript under src/ and is compiled into dist/src with the rest.
COPY --from=build /app/dist/src ./dist/src
# What the Prisma CLI needs for `migrate deploy`: the schema and migrations, and its config, a
# TypeScript file the CLI loads itself (jiti), which imports pg-pool-config.ts.
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY src/infrastructure/persistence/pg-pool-config.ts ./src/infrastructure/persistence/
COPY scripts/migrate.mjs ./scripts/
# Everything above is owned by root and only read; the service runs as the image's `node` user.
USER node
# In a container the service must listen on every interface (its default is 127.0.0.1).
ENV HTTP_HOST=0.0.0.0
EXPOSE 8080
# No HEALTHCHECK here: the same image also runs the one-shot migration. docker-compose.yml
# probes /health/ready of each role.
CMD ["node", "dist/src/main.js", "all"]
