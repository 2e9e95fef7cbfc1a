import { defineConfig } from "tsup";

// Workspace packages are consumed as TypeScript source, so they are bundled into
// the app; every third-party package stays external and loads from node_modules,
// including the ones only a workspace package depends on (express, pg, pino, ...):
// bundling CommonJS packages into an ESM file breaks their `require`s.
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  noExternal: [/^@cert\//],
  external: [/^(?!@cert\/)[@a-z]/],
});
