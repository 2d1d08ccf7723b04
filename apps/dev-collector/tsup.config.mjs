import { defineConfig } from 'tsup';

// The receivers and the OTLP decoder live in the private test-utils package (TypeScript source,
// shared with the tests): bundle them in, so the collector runs on plain Node.
export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', 'src/demo.ts'],
  format: ['esm'],
  target: 'node20',
  clean: true,
  sourcemap: true,
  noExternal: ['@telemetryflow-internal/test-utils'],
});
