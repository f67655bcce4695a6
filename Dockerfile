# The fimasim image for cluster runs (docs/cluster.md): Node 20, dependencies from package-lock.json with `npm ci`,
# the compiled CLI as the entry point. Build:  docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t fimasim .
# Run:    docker run --rm -v "$PWD/study:/data" fimasim batch --runs 1000 --out /data/batch

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY scenarios ./scenarios
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY scenarios ./scenarios
# no git in the image: the batch manifests take the commit from here
ARG GIT_COMMIT=""
ENV FIMASIM_GIT_COMMIT=$GIT_COMMIT
USER node
WORKDIR /data
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["--help"]
