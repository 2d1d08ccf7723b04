import { Credentials, TelemetryConfig, TelemetryFlowClient, TelemetryFlowError } from '@telemetryflow/client';
import type {
  Attributes,
  Diagnostic,
  SeverityLevel,
  SpanKind,
  TelemetryConfigOptions,
} from '@telemetryflow/client';
import { InMemoryTransport } from './in-memory-transport.js';
import { hasAttributes } from './otlp-values.js';
import type { MetricPoint, RecordedLog, RecordedSpan } from './records.js';
import { StoreReadPort, byStart } from './store-read-port.js';
import { TelemetryStore } from './telemetry-store.js';

export interface TestClientOptions {
  /** `service.name` of the client's resource. Default `'test-service'`. */
  readonly serviceName?: string;
  /**
   * Any other `TelemetryConfig` option (signals, sampler, limits, custom attributes, …). The
   * credentials and endpoint are placeholders nothing is sent to.
   */
  readonly config?: Partial<TelemetryConfigOptions>;
  /** Most spans, log records and metric values kept (each); the oldest go first. Default 10 000. */
  readonly maxItems?: number;
  /** Also called with each diagnostic; they are collected for `diagnostics()` anyway, never printed. */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
}

/** Which spans `spans()` returns; every given field must match. */
export interface SpanFilter {
  /** The span's name: equal to a string, or matching a RegExp. */
  readonly name?: string | RegExp;
  readonly kind?: SpanKind;
  readonly status?: RecordedSpan['status'];
  readonly traceId?: string;
  /** The parent's span id; `null` for root spans only. */
  readonly parentSpanId?: string | null;
  readonly serviceName?: string;
  /** A subset of the span's attributes. */
  readonly attributes?: Attributes;
}

/** Which records `logs()` returns; every given field must match. */
export interface LogFilter {
  /** The level, exactly. */
  readonly severity?: SeverityLevel;
  /** The message (body as text): equal to a string, or matching a RegExp. */
  readonly body?: string | RegExp;
  readonly traceId?: string;
  readonly spanId?: string;
  /** A subset of the record's attributes. */
  readonly attributes?: Attributes;
}

interface TestState {
  readonly store: TelemetryStore;
  readonly diagnostics: Diagnostic[];
}

const states = new WeakMap<TelemetryFlowClient, TestState>();
let current: TelemetryFlowClient | undefined;

/** Placeholders: `TelemetryConfig` requires credentials and an endpoint; nothing is ever sent. */
const CREDENTIALS = Credentials.create('tfk_test', 'tfs_test-client-secret');

const flushIfRunning = async (client: TelemetryFlowClient | undefined): Promise<void> => {
  if (client?.isInitialized() === true) await client.flush();
};

/**
 * A real, initialized `TelemetryFlowClient` for tests. It exports to an `InMemoryTransport` over a
 * `TelemetryStore`, and answers its read queries (`getTrace`, `searchTraces`, `getMetric`,
 * `aggregateMetrics`, `getLogs`) from that store, flushing first: a test asserts right after the
 * code under test, never sleeps. It becomes the current test client, which `spans()`, `logs()`,
 * `metricPoints()`, `diagnostics()` and `reset()` use unless given another.
 *
 * Batches are cut every 50 ms, metrics are exported when read (and every minute), the export rate
 * is not limited, and no exit hook is installed. Shut it down after the tests (`client.shutdown()`).
 *
 * @example
 * ```ts
 * const client = createTestClient();
 * await client.span('checkout', () => client.logInfo('charged'));
 * expect(await spans({ name: 'checkout' })).toHaveLength(1);
 * expect(await logs({ severity: 'info', body: 'charged' })).toHaveLength(1);
 * await client.shutdown();
 * ```
 */
export const createTestClient = (options: TestClientOptions = {}): TelemetryFlowClient => {
  const store = new TelemetryStore(options.maxItems === undefined ? {} : { maxItems: options.maxItems });
  const diagnostics: Diagnostic[] = [];
  const config = TelemetryConfig.create({
    credentials: CREDENTIALS,
    endpoint: 'localhost:4317',
    serviceName: options.serviceName ?? 'test-service',
    batchTimeoutMs: 50,
    metricExportIntervalMs: 60_000,
    rateLimit: 1_000_000_000,
    exitFlushTimeoutMs: 0,
    ...options.config,
  });
  const client: TelemetryFlowClient = new TelemetryFlowClient(config, {
    // A factory: each `initialize()` (also `reset()`'s) gets a transport that is not shut down.
    transport: () => new InMemoryTransport(store),
    read: new StoreReadPort(store, { beforeRead: () => flushIfRunning(client) }),
    onDiagnostic: (diagnostic) => {
      diagnostics.push(diagnostic);
      options.onDiagnostic?.(diagnostic);
    },
  });
  states.set(client, { store, diagnostics });
  current = client;
  return client.initialize();
};

const stateOf = (client: TelemetryFlowClient | undefined): { client: TelemetryFlowClient } & TestState => {
  const target = client ?? current;
  const state = target === undefined ? undefined : states.get(target);
  if (target === undefined || state === undefined) {
    throw new TelemetryFlowError(
      client === undefined
        ? 'No test client: call createTestClient() from @telemetryflow/testing first'
        : 'Not a test client: make it with createTestClient() from @telemetryflow/testing',
      { code: 'TF_NOT_A_TEST_CLIENT' },
    );
  }
  return { client: target, ...state };
};

const flushed = async (client: TelemetryFlowClient | undefined): Promise<TestState> => {
  const state = stateOf(client);
  await flushIfRunning(state.client);
  return state;
};

const textMatches = (actual: string, wanted: string | RegExp | undefined): boolean =>
  wanted === undefined || (typeof wanted === 'string' ? actual === wanted : wanted.test(actual));

/**
 * The spans the test client exported that match `filter` (all by default), in start order, after
 * flushing it. Each is a `RecordedSpan`: ids lowercase hex, times epoch ms, with its resource and scope.
 * @param client a client from `createTestClient()`; default the current one
 */
export const spans = async (
  filter: SpanFilter = {},
  client?: TelemetryFlowClient,
): Promise<RecordedSpan[]> => {
  const { store } = await flushed(client);
  return store.spans
    .filter(
      (s) =>
        textMatches(s.name, filter.name) &&
        (filter.kind === undefined || s.kind === filter.kind) &&
        (filter.status === undefined || s.status === filter.status) &&
        (filter.traceId === undefined || s.traceId === filter.traceId) &&
        (filter.parentSpanId === undefined || s.parentSpanId === (filter.parentSpanId ?? undefined)) &&
        (filter.serviceName === undefined || s.serviceName === filter.serviceName) &&
        hasAttributes(s.attributes, filter.attributes),
    )
    .sort(byStart);
};

/**
 * The log records the test client exported that match `filter` (all by default), oldest first,
 * after flushing it. Each is a `RecordedLog` (`message` is the body as text; times epoch ms).
 * @param client a client from `createTestClient()`; default the current one
 */
export const logs = async (filter: LogFilter = {}, client?: TelemetryFlowClient): Promise<RecordedLog[]> => {
  const { store } = await flushed(client);
  return store.logs
    .filter(
      (l) =>
        (filter.severity === undefined || l.severity === filter.severity) &&
        textMatches(l.message, filter.body) &&
        (filter.traceId === undefined || l.traceId === filter.traceId) &&
        (filter.spanId === undefined || l.spanId === filter.spanId) &&
        hasAttributes(l.attributes, filter.attributes),
    )
    .sort((a, b) => a.timestamp - b.timestamp);
};

/**
 * The current point of each series of metric `name` whose attributes include `attributes`, after
 * flushing the test client: one `MetricPoint` per attribute set (a counter's total, a gauge's last
 * value, a histogram's count / sum / min / max / buckets).
 * @param client a client from `createTestClient()`; default the current one
 */
export const metricPoints = async (
  name: string,
  attributes?: Attributes,
  client?: TelemetryFlowClient,
): Promise<MetricPoint[]> => {
  const { store } = await flushed(client);
  return store.metricPoints.filter((p) => p.name === name && hasAttributes(p.attributes, attributes));
};

/**
 * The diagnostics the test client reported (invalid input dropped, …) since it was made or reset;
 * they are collected here instead of printed.
 * @param client a client from `createTestClient()`; default the current one
 */
export const diagnostics = (client?: TelemetryFlowClient): readonly Diagnostic[] => [
  ...stateOf(client).diagnostics,
];

/**
 * Starts the test client afresh for the next test: sends what is pending, empties the store and
 * the diagnostics, and restarts the client, so metric totals start from zero again (spans still
 * open are dropped). The client object stays the same: an app holding it keeps working.
 * @param client a client from `createTestClient()`; default the current one
 */
export const reset = async (client?: TelemetryFlowClient): Promise<void> => {
  const state = stateOf(client);
  await state.client.shutdown();
  state.store.clear();
  state.diagnostics.length = 0;
  state.client.initialize();
};
