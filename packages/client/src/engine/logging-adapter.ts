import { trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import type { LogRecord, Logger } from '@opentelemetry/api-logs';
import type { LogRecordInput, LoggingPort } from '@telemetryflow/application';
import { severityNumberOf } from '@telemetryflow/domain';
import type { SeverityLevel } from '@telemetryflow/domain';
import { activeContext } from './context-manager.js';
import type { SpanRegistry } from './span-registry.js';
import { toOtel } from './otel-attributes.js';

const SEVERITY_TEXT: Readonly<Record<SeverityLevel, string>> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
};

/** `LoggingPort` on an OpenTelemetry logger: real OTLP log records, correlated with a span. */
export class LoggingAdapter implements LoggingPort {
  readonly #logger: Logger;
  readonly #spans: SpanRegistry;

  /** Attributes arrive within the log record limits (the application applies them: see `createSdk`). */
  constructor(logger: Logger, spans: SpanRegistry) {
    this.#logger = logger;
    this.#spans = spans;
  }

  emit(record: LogRecordInput): void {
    // The active span (the logger's default context), the one named, or the context a log bridge
    // captured where the log call was made gives the record its trace and span ids. Its timestamp
    // is the source's (a bridge's) or the logger's clock now: dispatch is synchronous.
    // Optional fields assigned after the literal: spreading them into it costs more than the rest.
    const logRecord: LogRecord = {
      severityNumber: record.severityNumber ?? severityNumberOf(record.severity),
      severityText: record.severityText ?? SEVERITY_TEXT[record.severity],
      body: record.message,
      attributes: toOtel(record.attributes),
      // Always given (in the literal, so the object needs no property added later): OpenTelemetry
      // would otherwise read the active context through the API's global.
      context: this.#contextOf(record) ?? activeContext(),
    };
    // HrTime, not epoch ms: OpenTelemetry reads a number below `performance.timeOrigin` (a time
    // from before the process started) as a `performance.now()` offset.
    if (record.timestamp !== undefined) logRecord.timestamp = millisToHrTime(record.timestamp);
    this.#logger.emit(logRecord);
  }

  #contextOf(record: LogRecordInput): Context | undefined {
    const span = record.spanId === undefined ? undefined : this.#spans.get(record.spanId);
    if (span !== undefined) return trace.setSpan(activeContext(), span);
    return isContext(record.context) ? record.context : undefined;
  }
}

/** An OpenTelemetry `Context`, as `OtelEngine.captureContext()` hands them out. */
export const isContext = (value: unknown): value is Context =>
  typeof (value as Partial<Context> | undefined)?.getValue === 'function';
