import { defineConfig } from "drizzle-kit";

// `npm run db:generate` turns schema changes into a new SQL file in migrations/; the migrator
// (`npm run db:migrate`, packages/db/src/migrate.ts) applies them. Never edit an applied file.
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/db/src/schema.ts",
  out: "./migrations",
});
