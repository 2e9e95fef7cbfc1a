// Loads the API under the profiler: node --cpu-prof --import tsx scratch-prof.ts
await import("../../../apps/api/src/main.ts");
