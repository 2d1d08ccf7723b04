import type { SignalType, TelemetryConfig } from '@telemetryflow/domain';
import type {
  FlushTelemetryCommand,
  InitializeSDKCommand,
  ShutdownSDKCommand,
} from './lifecycle-commands.js';
import { FlushTelemetryHandler, InitializeSDKHandler, ShutdownSDKHandler } from './lifecycle-handlers.js';
import type { EmitBatchLogsCommand, EmitLogCommand } from './log-commands.js';
import { EmitBatchLogsHandler, EmitLogHandler } from './log-handlers.js';
import { MessageBus } from './message-bus.js';
import type { Handler, MessageOfType } from './message-bus.js';
import type {
  RecordCounterCommand,
  RecordGaugeCommand,
  RecordHistogramCommand,
  RecordMetricCommand,
} from './metric-commands.js';
import {
  RecordCounterHandler,
  RecordGaugeHandler,
  RecordHistogramHandler,
  RecordMetricHandler,
} from './metric-handlers.js';
import type { ObserveInstrumentCommand } from './observable-instruments.js';
import { ObserveInstrumentHandler } from './observable-instruments.js';
import type { LifecyclePort, LoggingPort, MetricsPort, StatusSource, TracingPort } from './ports.js';
import type {
  AggregateMetricsQuery,
  GetHealthQuery,
  GetLogsQuery,
  GetMetricQuery,
  GetSDKStatusQuery,
  GetTraceQuery,
  SearchTracesQuery,
} from './queries.js';
import type {
  AggregatedMetricResult,
  HealthQueryResult,
  LogsQueryResult,
  MetricQueryResult,
  SDKStatus,
  TraceQueryResult,
} from './query-results.js';
import type { TelemetryReadPort } from './read-port.js';
import { RecordingStats } from './recording-stats.js';
import type { AttributeLimits } from './recording-rules.js';
import { SdkState } from './sdk-state.js';
import type {
  AddSpanEventCommand,
  EndSpanCommand,
  SetSpanAttributesCommand,
  SetSpanStatusCommand,
  StartSpanCommand,
  UpdateSpanNameCommand,
} from './span-commands.js';
import {
  AddSpanEventHandler,
  EndSpanHandler,
  SetSpanAttributesHandler,
  SetSpanStatusHandler,
  StartSpanHandler,
  UpdateSpanNameHandler,
} from './span-handlers.js';
import { GetHealthHandler, GetSDKStatusHandler } from './status-handlers.js';

export type SdkCommand =
  | InitializeSDKCommand
  | ShutdownSDKCommand
  | FlushTelemetryCommand
  | RecordMetricCommand
  | RecordCounterCommand
  | RecordGaugeCommand
  | RecordHistogramCommand
  | ObserveInstrumentCommand
  | EmitLogCommand
  | EmitBatchLogsCommand
  | StartSpanCommand
  | EndSpanCommand
  | AddSpanEventCommand
  | SetSpanAttributesCommand
  | UpdateSpanNameCommand
  | SetSpanStatusCommand;

/** Result of each command's handler. Recording results say whether it was recorded. */
export interface SdkCommandResults {
  InitializeSDK: void;
  ShutdownSDK: Promise<void>;
  FlushTelemetry: Promise<void>;
  RecordMetric: boolean;
  RecordCounter: boolean;
  RecordGauge: boolean;
  RecordHistogram: boolean;
  /** The unregister function; `undefined` when refused. */
  ObserveInstrument: (() => void) | undefined;
  EmitLog: boolean;
  EmitBatchLogs: number;
  StartSpan: string;
  EndSpan: boolean;
  AddSpanEvent: boolean;
  SetSpanAttributes: boolean;
  UpdateSpanName: boolean;
  SetSpanStatus: boolean;
}

export type SdkQuery =
  | GetSDKStatusQuery
  | GetHealthQuery
  | GetMetricQuery
  | AggregateMetricsQuery
  | GetLogsQuery
  | GetTraceQuery
  | SearchTracesQuery;

export interface SdkQueryResults {
  GetSDKStatus: SDKStatus;
  GetHealth: HealthQueryResult;
  GetMetric: Promise<MetricQueryResult | undefined>;
  AggregateMetrics: Promise<AggregatedMetricResult | undefined>;
  GetLogs: Promise<LogsQueryResult>;
  GetTrace: Promise<TraceQueryResult | undefined>;
  SearchTraces: Promise<readonly TraceQueryResult[]>;
}

export class CommandBus extends MessageBus<SdkCommand, SdkCommandResults> {
  constructor() {
    super('command');
  }
}

export class QueryBus extends MessageBus<SdkQuery, SdkQueryResults> {
  constructor() {
    super('query');
  }
}

/** The engine's side of the hexagon, as the application needs it. */
export interface SdkPorts {
  readonly lifecycle: LifecyclePort;
  readonly metrics: MetricsPort;
  readonly tracing: TracingPort;
  readonly logging: LoggingPort;
  readonly status: StatusSource;
  /** Optional read side; without it the read queries have no handler. */
  readonly read?: TelemetryReadPort;
  /** Told of each recording dropped as invalid (signal, reason naming the input); must not throw. */
  readonly reportInvalid?: (signal: SignalType, reason: string) => void;
}

/** The commands that record telemetry (a value, a log record, a span or a change to an open span). */
export type RecordingCommand = Exclude<
  SdkCommand,
  InitializeSDKCommand | ShutdownSDKCommand | FlushTelemetryCommand | ObserveInstrumentCommand
>;

/**
 * The handler of each recording command: the same instances the command bus dispatches to, for a
 * caller that records on its hot path without the bus's lookup (the client does). Validation,
 * accounting and ports are the handlers', so both ways record alike.
 */
export type SdkRecorders = {
  readonly [K in RecordingCommand['type']]: Handler<MessageOfType<SdkCommand, K>, SdkCommandResults[K]>;
} & {
  // Also callable with the command's fields as arguments (`recordValue`, `start`, `end`, `emit`),
  // for the metric, span and log calls.
  readonly RecordMetric: RecordMetricHandler;
  readonly RecordCounter: RecordCounterHandler;
  readonly RecordGauge: RecordGaugeHandler;
  readonly RecordHistogram: RecordHistogramHandler;
  readonly StartSpan: StartSpanHandler;
  readonly EndSpan: EndSpanHandler;
  readonly EmitLog: EmitLogHandler;
};

export interface Sdk {
  readonly commands: CommandBus;
  readonly queries: QueryBus;
  /** The recording commands' handlers, also registered on `commands`. */
  readonly recorders: SdkRecorders;
  readonly state: SdkState;
  readonly stats: RecordingStats;
}

/** How the SDK runs, beyond its configuration. */
export interface SdkOptions {
  /** Disabled (`OTEL_SDK_DISABLED`): `InitializeSDK` starts nothing and the status says so. Default `false`. */
  readonly disabled?: boolean;
}

/**
 * The attribute limits each signal's handlers apply, in the same pass as the attribute rules:
 * metric recordings both limits (OpenTelemetry exempts metrics, but a series keeps its attributes
 * for the client's lifetime); spans and log records the value length of `spanLimits` /
 * `logRecordLimits`, OpenTelemetry applying their count limits (and reporting what it drops).
 */
const attributeLimitsOf = (config: TelemetryConfig): Readonly<Record<SignalType, AttributeLimits>> => ({
  metrics: { count: config.attributeCountLimit, valueLength: config.attributeValueLengthLimit },
  traces: { count: Infinity, valueLength: config.spanLimits.attributeValueLengthLimit },
  logs: { count: Infinity, valueLength: config.logRecordLimits.attributeValueLengthLimit },
});

/** Wires every handler to its ports and registers it: the application's composition. */
export const createSdk = (
  ports: SdkPorts,
  config: TelemetryConfig,
  sdkVersion: string,
  options: SdkOptions = {},
): Sdk => {
  const state = new SdkState(config, options.disabled === true);
  const stats = new RecordingStats(ports.reportInvalid);
  const limits = attributeLimitsOf(config);
  const { metrics, tracing, logging } = ports;
  const emitLog = new EmitLogHandler(logging, state, stats, limits.logs);
  const recorders: SdkRecorders = {
    RecordMetric: new RecordMetricHandler(metrics, state, stats, limits.metrics),
    RecordCounter: new RecordCounterHandler(metrics, state, stats, limits.metrics),
    RecordGauge: new RecordGaugeHandler(metrics, state, stats, limits.metrics),
    RecordHistogram: new RecordHistogramHandler(metrics, state, stats, limits.metrics),
    EmitLog: emitLog,
    EmitBatchLogs: new EmitBatchLogsHandler(emitLog),
    StartSpan: new StartSpanHandler(tracing, state, stats, limits.traces),
    EndSpan: new EndSpanHandler(tracing, stats),
    AddSpanEvent: new AddSpanEventHandler(tracing, stats, limits.traces),
    SetSpanAttributes: new SetSpanAttributesHandler(tracing, stats, limits.traces),
    UpdateSpanName: new UpdateSpanNameHandler(tracing, stats),
    SetSpanStatus: new SetSpanStatusHandler(tracing, stats),
  };
  const commands = new CommandBus()
    .register('InitializeSDK', new InitializeSDKHandler(ports.lifecycle, state))
    .register('ShutdownSDK', new ShutdownSDKHandler(ports.lifecycle, state))
    .register('FlushTelemetry', new FlushTelemetryHandler(ports.lifecycle, state))
    .register('ObserveInstrument', new ObserveInstrumentHandler(metrics, state, stats, limits.metrics));
  for (const type of Object.keys(recorders) as RecordingCommand['type'][]) {
    commands.register(type, recorders[type]);
  }
  const queries = new QueryBus()
    .register('GetSDKStatus', new GetSDKStatusHandler(state, stats, ports.status, sdkVersion))
    .register('GetHealth', new GetHealthHandler(state, ports.status));
  const { read } = ports;
  if (read !== undefined) {
    queries
      .register('GetMetric', { handle: (q) => read.getMetric(q) })
      .register('AggregateMetrics', { handle: (q) => read.aggregateMetrics(q) })
      .register('GetLogs', { handle: (q) => read.getLogs(q) })
      .register('GetTrace', { handle: (q) => read.getTrace(q) })
      .register('SearchTraces', { handle: (q) => read.searchTraces(q) });
  }
  return { commands, queries, recorders, state, stats };
};
