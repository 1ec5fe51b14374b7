# opsloop production image. Build: docker build -t opsloop .   Run: see compose.yaml and README "Production".
# 1. build: all dependencies, generated code, dist/ (server, operator scripts, embedded database
#    template, the dashboard); the dashboard's sources come before npm ci, whose codegen types them
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts codegen.ts schema.graphql trusted-documents.json ./
COPY dashboard ./dashboard
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# 2. runtime dependencies only (postinstall skips code generation without the dev tools)
FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/postinstall.mjs ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. the image: node, runtime node_modules, dist/ and prisma/ (migrations), as a non-root user
FROM node:20.20-bookworm-slim
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY prisma ./prisma
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node is PID 1's only process: SIGTERM from `docker stop` reaches it and it stops gracefully.
CMD ["node", "dist/main.js"]
