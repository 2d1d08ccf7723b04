import { AMPLE_MS, waitFor } from '@telemetryflow-internal/test-utils';
import type { DecodedRequest } from '@telemetryflow-internal/test-utils';
import { attributes } from '@telemetryflow-internal/test-utils';
import { startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { SignalType } from '@telemetryflow/domain';
import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc';
import { createHttpTransport } from '@telemetryflow/infrastructure-http';
import { describe, expect, it } from 'vitest';
import { guardProcess } from '../support/process-guard.js';
import { KEY_ID, SECRET } from '../support/secrets.js';

guardProcess();

/** Custom attributes shaped like headers, values shaped like header injections. */
const CUSTOM = {
  'X-Injected': 'evil-1',
  authorization: 'Bearer evil-2',
  'X-TelemetryFlow-Key-Secret': 'tfs_evil-3',
  'x-telemetryflow-environment': 'evil-4',
  'content-type': 'text/evil-5',
  'multi X-Evil-Key': 'v X-Evil-6: 1',
  grpc_status: 'evil-7',
};
// Keys or values with CR/LF are refused at build time (test/config/configuration-errors.test.ts).
const FROM_ENV = 'x-from-env=evil-8,Authorization=Bearer%20evil-9';

/** The header names a request may carry: what docs/TRANSPORT-*.md list, and what the runtime adds. */
const ALLOWED_HEADERS = new Set([
  'authorization',
  'x-telemetryflow-key-id',
  'x-telemetryflow-key-secret',
  'x-telemetryflow-environment',
  'content-type',
  'content-length',
  'content-encoding',
  'user-agent',
  'host',
  'connection',
  'accept-encoding',
  'grpc-accept-encoding',
]);

interface Seen {
  readonly signal: SignalType;
  readonly request: DecodedRequest;
  readonly headers: Readonly<Record<string, string>>;
}

describe.each(['grpc', 'http'] as const)('custom attributes over %s', (protocol) => {
  it('are resource attributes on the wire, and never headers or metadata', async () => {
    const seen: Seen[] = [];
    const onAccepted = (
      signal: SignalType,
      request: DecodedRequest,
      headers: Readonly<Record<string, string>>,
    ) => seen.push({ signal, request, headers });
    const receiver =
      protocol === 'grpc' ? await startGrpcReceiver({ onAccepted }) : await startHttpReceiver({ onAccepted });
    try {
      const client = new TelemetryFlowBuilder({ OTEL_RESOURCE_ATTRIBUTES: FROM_ENV })
        .withAutoConfiguration()
        .withApiKey(KEY_ID, SECRET)
        .withEndpoint(receiver.address)
        .withProtocol(protocol)
        .withInsecure()
        .withService('custom-attributes')
        .withCustomAttributes(CUSTOM)
        .withBatchSettings(50)
        .withExporter(protocol === 'grpc' ? createGrpcTransport() : createHttpTransport())
        .build()
        .initialize();
      client.incrementCounter('c');
      client.logInfo('l');
      client.endSpan(client.startSpan('s'));
      await client.flush(AMPLE_MS);
      await waitFor(() => new Set(seen.map((s) => s.signal)).size === 3, 'all three signals');
      await client.shutdown(AMPLE_MS);

      const exportHeaders = Object.keys(client.config.getExportHeaders()).map((h) => h.toLowerCase());
      expect(exportHeaders.every((h) => ALLOWED_HEADERS.has(h))).toBe(true);
      for (const { request, headers } of seen) {
        const names = Object.keys(headers).map((h) => h.toLowerCase());
        expect(names.filter((h) => !ALLOWED_HEADERS.has(h))).toEqual([]);
        expect(JSON.stringify(headers)).not.toMatch(/evil/);
        expect(headers['authorization']).toBe(`Bearer ${KEY_ID}:${SECRET}`);
        expect(headers['x-telemetryflow-environment']).toBe('production');
        const resources = (request['resourceSpans'] ??
          request['resourceLogs'] ??
          request['resourceMetrics']) as {
          resource: { attributes: unknown };
        }[];
        const resource = attributes(resources[0]?.resource.attributes);
        expect(resource).toMatchObject({ ...CUSTOM, 'x-from-env': 'evil-8', Authorization: 'Bearer evil-9' });
      }
    } finally {
      await receiver.close();
    }
  });
});
