import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { receivedLogs, serverSpans } from '@telemetryflow-internal/test-utils';
import { runApp } from './support/app-process.js';
import { PLATFORMS } from './support/serve.js';

// Needs the built package (dist/): each app loads it by its name, as an installed package.
const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

describe.each([
  { format: 'an ES module', file: fixture('esm-app.mjs'), entry: /\/dist\/index\.js$/ },
  { format: 'CommonJS', file: fixture('cjs-app.cjs'), entry: /\/dist\/index\.cjs$/ },
])('a Nest 12 app written as $format', ({ file, entry }) => {
  it.each(PLATFORMS)('on %s: loads its build of the package and records its requests', async (platform) => {
    const run = await runApp(file, platform);
    expect(run.entry).toMatch(entry);
    expect(run.nest).toMatch(/^12\./);
    expect(run.statuses).toEqual([200, 500]);
    expect(run.stderr).toBe('');
    const spans = serverSpans(run.transport);
    expect(spans.map((s) => [s['name'], (s['status'] as { code?: string }).code])).toEqual([
      ['GET /orgs/:org/orders/:id', 'STATUS_CODE_UNSET'],
      ['GET /orgs/:org/orders/:id/fail', 'STATUS_CODE_ERROR'],
    ]);
    expect(spans[1]?.attrs['error.type']).toBe('TypeError');
    expect(receivedLogs(run.transport).find((l) => l.message === 'order read')).toMatchObject({
      spanId: spans[0]?.['spanId'],
    });
  });
});
