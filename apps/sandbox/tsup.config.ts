import { defineConfig } from "tsup";

// Workspace packages are consumed as TypeScript source, so they are bundled into
// the app; third-party dependencies stay external and load from node_modules.
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  noExternal: [/^@cert\//],
});
