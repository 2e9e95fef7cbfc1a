import type { Options } from "tsup";

/**
 * The one bundle recipe for every process (apps/* and bench). Workspace packages are
 * consumed as TypeScript source, so they are bundled into the app; every third-party
 * package stays external and loads from node_modules, including the ones only a workspace
 * package depends on (pg, pino, undici, ...): bundling CommonJS packages such as pg into an
 * ESM file breaks their `require`s. `uuid` is the exception: a dependency-free ESM package that
 * only @cert/outbox uses, whose version npm nests under that package (another dependency pins an
 * old `uuid` at the root), where a bundle in apps/<app>/dist would not find it.
 */
export const appBundle: Options = {
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  noExternal: [/^@cert\//, /^uuid$/],
  external: [/^(?!@cert\/)[@a-z]/],
};
