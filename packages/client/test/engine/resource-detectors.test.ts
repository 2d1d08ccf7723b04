import { AMPLE_MS } from '@telemetryflow-internal/test-utils';
import { loopbackTransport, startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { HttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import { containerDetector } from '@opentelemetry/resource-detector-container';
import { detectResources, hostDetector, osDetector, processDetector } from '@opentelemetry/resources';
import type { ResourceDetector } from '@opentelemetry/resources';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryFlowBuilder } from '../../src/index.js';

// What a collector receives for each OTEL_NODE_RESOURCE_DETECTORS setting, decoded from the OTLP
// a loopback receiver got. The detectors' own values are read from the OpenTelemetry detectors.

const receivers: HttpReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

const KEYS_ALWAYS = [
  'deployment.environment',
  'deployment.environment.name',
  'service.instance.id',
  'service.name',
  'service.namespace',
  'service.version',
  'telemetry.sdk.language',
  'telemetry.sdk.name',
  'telemetry.sdk.version',
];

/** The resource of the span a client sends with this environment. */
const resourceSent = async (env: Record<string, string>): Promise<Record<string, unknown>> => {
  const receiver = await startHttpReceiver();
  receivers.push(receiver);
  const client = new TelemetryFlowBuilder(env)
    .withApiKey('tfk_resource', 'tfs_resource-secret')
    .withService('checkout')
    .withAutoConfiguration()
    .withExporter(loopbackTransport(receiver.url))
    .withTracesOnly()
    .build()
    .initialize();
  client.span('detected', () => undefined);
  await client.shutdown(AMPLE_MS);
  const [span] = receiver.spans();
  expect(span).toBeDefined();
  return span?.resource ?? {};
};

/** What the OpenTelemetry detectors find here, with their values that come later settled. */
const detected = async (...detectors: ResourceDetector[]): Promise<Record<string, unknown>> => {
  const resource = detectResources({ detectors });
  await resource.waitForAsyncAttributes?.();
  return { ...resource.attributes };
};

const ENV = { OTEL_RESOURCE_ATTRIBUTES: 'team=payments' };

describe('OTEL_NODE_RESOURCE_DETECTORS, as a collector receives the resource', () => {
  it('unset: every detector (env, host, os, process, container), host.id included', async () => {
    const resource = await resourceSent(ENV);
    const expected = await detected(hostDetector, osDetector, processDetector, containerDetector);
    expect(resource).toMatchObject({ ...expected, team: 'payments', 'service.name': 'checkout' });
    expect(Object.keys(resource)).toEqual(
      expect.arrayContaining(['host.name', 'host.arch', 'os.type', 'process.pid']),
    );
  });

  it('process: the API key secret passed on the command line is not in process.command_args', async () => {
    const secret = 'tfs_resource-secret';
    process.argv.push(`--api-key-secret=${secret}`);
    try {
      const resource = await resourceSent({ OTEL_NODE_RESOURCE_DETECTORS: 'process' });
      const args = resource['process.command_args'] as string[];
      expect(args.at(-1)).toBe('--api-key-secret=[REDACTED]');
      expect(JSON.stringify(resource)).not.toContain(secret);
    } finally {
      process.argv.pop();
    }
  });

  it('none: only the SDK, the service and the instance id', async () => {
    const resource = await resourceSent({ ...ENV, OTEL_NODE_RESOURCE_DETECTORS: 'none' });
    expect(Object.keys(resource).sort()).toEqual(KEYS_ALWAYS);
  });

  it.each([
    ['host', [hostDetector]],
    ['os', [osDetector]],
    ['process', [processDetector]],
    ['container', [containerDetector]],
    ['host,os', [hostDetector, osDetector]],
  ] as const)('%s: that detector’s attributes only', async (setting, detectors) => {
    const resource = await resourceSent({ ...ENV, OTEL_NODE_RESOURCE_DETECTORS: setting });
    const expected = await detected(...detectors);
    expect(Object.keys(resource).sort()).toEqual([...KEYS_ALWAYS, ...Object.keys(expected)].sort());
    expect(resource).toMatchObject(expected);
  });

  it('env: the OTEL_RESOURCE_ATTRIBUTES entries, and no host or process attributes', async () => {
    const resource = await resourceSent({ ...ENV, OTEL_NODE_RESOURCE_DETECTORS: 'env' });
    expect(Object.keys(resource).sort()).toEqual([...KEYS_ALWAYS, 'team'].sort());
    expect(resource['team']).toBe('payments');
  });

  it('withResourceDetectors() sets the same in code', async () => {
    const receiver = await startHttpReceiver();
    receivers.push(receiver);
    const client = new TelemetryFlowBuilder({})
      .withApiKey('tfk_resource', 'tfs_resource-secret')
      .withService('checkout')
      .withResourceDetectors(['os'])
      .withExporter(loopbackTransport(receiver.url))
      .withTracesOnly()
      .build()
      .initialize();
    client.span('in-code', () => undefined);
    await client.shutdown(AMPLE_MS);
    const resource = receiver.spans()[0]?.resource ?? {};
    expect(Object.keys(resource).sort()).toEqual([...KEYS_ALWAYS, 'os.type', 'os.version'].sort());
  });
});
