import { defineConfig } from "tsup";
import { appBundle } from "./tsup.app";

/**
 * Command-line tools the container image runs without tsx (a devDependency it does not hold),
 * bundled like the apps into dist/cli/<name>.js. The image's build stage runs
 * `npx tsup --config tsup.cli.ts`; a tool that must run in production gets an entry here.
 * Migrations are found by walking up from dist/cli to the repository's migrations/ folder.
 */
export default defineConfig({
  ...appBundle,
  entry: {
    migrate: "packages/db/src/cli/migrate.ts",
    "pii-convert": "packages/db/src/cli/pii-convert.ts",
    "pii-rotate": "packages/db/src/cli/pii-rotate.ts",
  },
  outDir: "dist/cli",
  // One self-contained file per command (no shared chunks), so each runs alone.
  splitting: false,
});
