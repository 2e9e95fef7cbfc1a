# One image for every app service of docker-compose.yml (migrate, api, worker, sandbox): the
# whole workspace, installed with `npm ci` and built with `npm run build`. Each service picks
# its entry point with its command (`npm run api`, ...) and is configured only by environment.
FROM node:20-slim

# The lockfile is written by npm 11 (package.json "packageManager"); install with the same npm.
RUN npm install -g npm@11.19.1 && mkdir /app && chown node:node /app
WORKDIR /app
# Not root: the apps need no privileges. The build and turbo's cache belong to this user too,
# since `npm run api` (etc.) re-runs the cached build step at start.
USER node

COPY --chown=node:node . .
# Dev dependencies are needed too: tsx runs migrations, turbo and tsup build the apps.
RUN npm ci && npm run build

# Set after the install: npm ci would skip devDependencies under NODE_ENV=production.
ENV NODE_ENV=production
EXPOSE 3000 4010
CMD ["npm", "run", "api"]
