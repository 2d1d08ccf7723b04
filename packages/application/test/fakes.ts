import { Credentials, TelemetryConfig } from '@telemetryflow/domain';
import type { SignalType, SpanStatus, TelemetryConfigOptions } from '@telemetryflow/domain';
import { createSdk } from '../src/index.js';
import type {
  CleanAttributes,
  LifecyclePort,
  LogRecordInput,
  LoggingPort,
  MetricInstrument,
  MetricInstrumentKind,
  MetricsPort,
  ObservableRegistration,
  SignalExportStats,
  SpanFailure,
  SpanStart,
  StatusSource,
  TraceCarrier,
  TracingPort,
} from '../src/index.js';

export const makeConfig = (overrides: Partial<TelemetryConfigOptions> = {}): TelemetryConfig =>
  TelemetryConfig.create({
    credentials: Credentials.create('tfk_id', 'tfs_secret'),
    endpoint: 'localhost:4317',
    serviceName: 'orders',
    ...overrides,
  });

export class FakeLifecycle implements LifecyclePort {
  readonly calls: string[] = [];
  failInitialize = false;

  initialize(config: TelemetryConfig): void {
    if (this.failInitialize) throw new Error('engine exploded');
    this.calls.push(`initialize:${config.serviceName}`);
  }

  shutdown(timeoutMs: number): Promise<void> {
    this.calls.push(`shutdown:${timeoutMs}`);
    return Promise.resolve();
  }

  flush(timeoutMs: number): Promise<void> {
    this.calls.push(`flush:${timeoutMs}`);
    return Promise.resolve();
  }
}

export interface MetricRecord {
  readonly kind: 'counter' | 'gauge' | 'histogram';
  readonly name: string;
  readonly value: number;
  readonly unit?: string;
  readonly attributes: CleanAttributes | undefined;
}

export class FakeMetrics implements MetricsPort {
  readonly records: MetricRecord[] = [];

  /** Names taken by another instrument kind: the port refuses them. */
  readonly taken = new Set<string>();

  /** How many times a handler asked for an instrument (it holds them: once per name and run). */
  instrumentCalls = 0;

  instrument(kind: MetricInstrumentKind, name: string, unit: string): MetricInstrument | undefined {
    this.instrumentCalls++;
    if (this.taken.has(name)) return undefined;
    return {
      unit,
      record: (value, attributes) => {
        this.records.push(
          kind === 'counter' ? { kind, name, value, attributes } : { kind, name, value, unit, attributes },
        );
      },
    };
  }

  /** Registered observables, by name; `collectAll()` runs their callbacks as a collection would. */
  readonly observables = new Map<string, ObservableRegistration>();

  observe(registration: ObservableRegistration): (() => void) | undefined {
    if (this.taken.has(registration.name)) return undefined;
    this.observables.set(registration.name, registration);
    return () => this.observables.delete(registration.name);
  }

  async collectAll(): Promise<void> {
    for (const r of this.observables.values()) {
      await r.collect((value, attributes) =>
        this.records.push({
          kind: r.kind === 'gauge' ? 'gauge' : 'counter',
          name: r.name,
          value,
          unit: r.unit,
          attributes,
        }),
      );
    }
  }
}

interface FakeSpan extends SpanStart {
  readonly id: string;
  name: string;
  ended: boolean;
  failure: SpanFailure | undefined;
  status: { status: SpanStatus; message: string | undefined } | undefined;
  attributesSet: CleanAttributes[];
  readonly events: { name: string; attributes: CleanAttributes | undefined }[];
}

export class FakeTracing implements TracingPort {
  readonly spans: FakeSpan[] = [];
  active: string | undefined;
  /** Most spans open at once before the port refuses new ones. */
  maxOpen = Number.POSITIVE_INFINITY;

  startSpan(span: SpanStart): string | undefined {
    if (this.spans.filter((s) => !s.ended).length >= this.maxOpen) return undefined;
    const id = (this.spans.length + 1).toString(16).padStart(16, '0');
    this.spans.push({
      ...span,
      id,
      ended: false,
      failure: undefined,
      events: [],
      status: undefined,
      attributesSet: [],
    });
    return id;
  }

  #open(id: string): FakeSpan | undefined {
    return this.spans.find((s) => s.id === id && !s.ended);
  }

  endSpan(spanId: string, failure: SpanFailure | undefined): boolean {
    const span = this.#open(spanId);
    if (span === undefined) return false;
    span.ended = true;
    span.failure = failure;
    return true;
  }

  addSpanEvent(spanId: string, name: string, attributes: CleanAttributes | undefined): boolean {
    const span = this.#open(spanId);
    span?.events.push({ name, attributes });
    return span !== undefined;
  }

  setSpanAttributes(spanId: string, attributes: CleanAttributes): boolean {
    const span = this.#open(spanId);
    span?.attributesSet.push(attributes);
    return span !== undefined;
  }

  updateSpanName(spanId: string, name: string): boolean {
    const span = this.#open(spanId);
    if (span !== undefined) span.name = name;
    return span !== undefined;
  }

  setSpanStatus(spanId: string, status: SpanStatus, message: string | undefined): boolean {
    const span = this.#open(spanId);
    if (span !== undefined) span.status = { status, message };
    return span !== undefined;
  }

  /** The carrier `withExtractedContext` last ran with. */
  extracted: TraceCarrier | undefined;

  withExtractedContext<T>(carrier: TraceCarrier, fn: () => T): T {
    this.extracted = carrier;
    return fn();
  }

  injectContext(carrier: Record<string, string>): void {
    if (this.active !== undefined) carrier['traceparent'] = `00-${'1'.repeat(32)}-${this.active}-01`;
  }

  withActiveSpan<T>(spanId: string, fn: () => T): T {
    const previous = this.active;
    this.active = spanId;
    try {
      return fn();
    } finally {
      this.active = previous;
    }
  }
}

export class FakeLogging implements LoggingPort {
  readonly records: LogRecordInput[] = [];

  emit(record: LogRecordInput): void {
    this.records.push(record);
  }
}

export const idleStats = (): SignalExportStats => ({
  exported: 0,
  failed: 0,
  dropped: 0,
  rejected: 0,
  retries: 0,
  queued: 0,
  notSampled: 0,
  queuedBytes: 0,
  lastOutcome: 'none',
  lastError: undefined,
});

export class FakeStatus implements StatusSource {
  readonly stats: Record<SignalType, SignalExportStats> = {
    metrics: idleStats(),
    logs: idleStats(),
    traces: idleStats(),
  };

  exportStats(signal: SignalType): SignalExportStats {
    return this.stats[signal];
  }
}

/** An SDK wired to in-memory fakes of every port. */
export const makeSdk = (overrides: Partial<TelemetryConfigOptions> = {}) => {
  const ports = {
    lifecycle: new FakeLifecycle(),
    metrics: new FakeMetrics(),
    tracing: new FakeTracing(),
    logging: new FakeLogging(),
    status: new FakeStatus(),
  };
  const sdk = createSdk(ports, makeConfig(overrides), '9.9.9');
  return { ...sdk, ports };
};
