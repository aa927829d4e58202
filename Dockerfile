# syntax=docker/dockerfile:1
# Build stage: full dependencies, compile TypeScript.
ARG NODE_VERSION=24
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci --ignore-scripts && npm run build

# Runtime stage: production dependencies only, non-root, health-checked.
FROM node:${NODE_VERSION}-bookworm-slim
# The heap limit the App's memory budgets are sized for (src/memory-budget.ts).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json \
    NODE_OPTIONS=--max-old-space-size=256
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/cli.js", "serve"]
