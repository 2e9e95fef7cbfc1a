import { defineConfig } from "tsup";
import { appBundle } from "../tsup.app";

// Besides the driver, each baseline and the sandbox server is an entry of its own: they run
// as separate processes.
export default defineConfig({
  ...appBundle,
  entry: {
    main: "src/main.ts",
    "sandbox-server": "src/sandbox-server.ts",
    "baselines/hello-app": "src/baselines/hello-app.ts",
    "baselines/bare-queue-app": "src/baselines/bare-queue-app.ts",
    "baselines/noop-worker": "src/baselines/noop-worker.ts",
    "baselines/naive-app": "src/baselines/naive-app.ts",
  },
});
