import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverSpans } from '@telemetryflow-internal/test-utils';
// The fixture apps and their runner belong to the package's own tests (which run them on Nest 12).
import { runApp } from '../../../packages/middleware-nestjs/test/support/app-process.js';
import { installWithNest11 } from './support/installed-app.js';
import type { InstalledApp } from './support/installed-app.js';

// Needs the built package (dist/). Nest 11 is CommonJS: an ES module app imports it through Node's
// CommonJS interop, and a CommonJS app loads the package's CommonJS build.
let installed: InstalledApp;
beforeAll(() => {
  installed = installWithNest11();
});
afterAll(() => installed.remove());

describe.each([
  { format: 'an ES module', file: 'esm-app.mjs', entry: /\/dist\/index\.js$/ },
  { format: 'CommonJS', file: 'cjs-app.cjs', entry: /\/dist\/index\.cjs$/ },
])('a Nest 11 app written as $format', ({ file, entry }) => {
  it.each(['express', 'fastify'])(
    'on %s: loads its build of the package and records its requests',
    async (platform) => {
      const run = await runApp(join(installed.appDir, file), platform);
      expect(run.entry).toMatch(entry);
      expect(run.nest).toMatch(/^11\./);
      expect(run.statuses).toEqual([200, 500]);
      expect(run.stderr).toBe('');
      expect(serverSpans(run.transport).map((s) => [s['name'], s.attrs['error.type']])).toEqual([
        ['GET /orgs/:org/orders/:id', undefined],
        ['GET /orgs/:org/orders/:id/fail', 'TypeError'],
      ]);
    },
  );
});
