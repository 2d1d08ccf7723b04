import type { Server } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { AMPLE_MS, baseUrlOf, closeServer } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';
import { createTransport } from '@telemetryflow/infrastructure-grpc';
import { startDevCollector } from '../../src/index.js';
import type { DevCollector, SpanView } from '../../src/index.js';

export interface ExampleCollector {
  /** The in-process dev collector, started before the file's tests. */
  readonly collector: DevCollector;
  /** An initialized client of `service` exporting to the collector over gRPC, in 50 ms batches. */
  client(service: string): TelemetryFlowClient;
  /** The spans the collector received from `service`, and those of kind SERVER among them. */
  spansOf(service: string): { spans: SpanView[]; servers: SpanView[] };
}

/**
 * Starts a dev collector (ephemeral ports, no web page) before the calling test file's tests and
 * closes it after them: what an example test runs its example against.
 */
export const useExampleCollector = (): ExampleCollector => {
  let collector: DevCollector | undefined;
  beforeAll(async () => {
    collector = await startDevCollector({ grpcPort: 0, httpPort: 0, webPort: false });
  });
  afterAll(() => collector?.close());
  const started = (): DevCollector => {
    if (collector === undefined) throw new Error('the dev collector starts in beforeAll');
    return collector;
  };
  return {
    get collector() {
      return started();
    },
    client: (service) =>
      new TelemetryFlowBuilder({})
        .withApiKey('tfk_example', 'tfs_example')
        .withEndpoint(started().grpcAddress)
        .withInsecure()
        .withService(service)
        .withBatchSettings(50)
        .withExporter(createTransport)
        .build()
        .initialize(),
    spansOf: (service) => {
      const spans = started().store.spans.filter((s) => s.service === service);
      return { spans, servers: spans.filter((s) => s.kind === 'SERVER') };
    },
  };
};

/**
 * GETs each of `paths` from `server` in turn, then closes the server and shuts `client` down, so
 * everything the example recorded has reached the collector. Returns the statuses answered.
 */
export const requestEach = async (
  server: Server,
  client: TelemetryFlowClient,
  paths: readonly string[],
): Promise<number[]> => {
  const base = await baseUrlOf(server);
  const statuses: number[] = [];
  for (const path of paths) statuses.push((await fetch(base + path)).status);
  await closeServer(server);
  await client.shutdown(AMPLE_MS);
  return statuses;
};
