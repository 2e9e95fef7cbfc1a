import type { Options } from "tsup";

/**
 * The one bundle recipe for every process (apps/* and bench). Workspace packages are
 * consumed as TypeScript source, so they are bundled into the app; every third-party
 * package stays external and loads from node_modules, including the ones only a workspace
 * package depends on (pg, pino, undici, ...): bundling CommonJS packages such as pg into an
 * ESM file breaks their `require`s.
 */
export const appBundle: Options = {
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  noExternal: [/^@cert\//],
  external: [/^(?!@cert\/)[@a-z]/],
};
