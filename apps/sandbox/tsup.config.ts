import { defineConfig } from "tsup";

// Workspace packages are consumed as TypeScript source, so they are bundled into
// the app; third-party dependencies stay external and load from node_modules.
// `external` names every bare import that is not `@cert/*`: tsup only externalizes the app's
// own dependencies by default, and would otherwise inline what the workspace packages import
// (express's CommonJS then fails with "Dynamic require ... is not supported").
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  noExternal: [/^@cert\//],
  external: [/^(?!@cert\/)[^./]/],
});
