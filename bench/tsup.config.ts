import { defineConfig } from "tsup";

// Workspace packages are consumed as TypeScript source, so they are bundled in; third-party
// dependencies stay external and load from node_modules. Besides the driver, each baseline
// and the sandbox server is an entry of its own: they run as separate processes.
export default defineConfig({
  entry: {
    main: "src/main.ts",
    "sandbox-server": "src/sandbox-server.ts",
    "baselines/hello-app": "src/baselines/hello-app.ts",
    "baselines/bare-queue-app": "src/baselines/bare-queue-app.ts",
    "baselines/noop-worker": "src/baselines/noop-worker.ts",
    "baselines/naive-app": "src/baselines/naive-app.ts",
  },
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  noExternal: [/^@cert\//],
});
