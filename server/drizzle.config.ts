import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/adapters/sql/schema.ts',
  out: './server/migrations',
});
