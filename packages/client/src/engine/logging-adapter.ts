import { context, trace } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import type { LogRecordInput, LoggingPort } from '@telemetryflow/application';
import { severityNumberOf } from '@telemetryflow/domain';
import type { SeverityLevel } from '@telemetryflow/domain';
import { cutAttributeValues } from './attribute-limits.js';
import type { AttributeLimits } from './attribute-limits.js';
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

  readonly #limits: AttributeLimits;

  constructor(logger: Logger, spans: SpanRegistry, limits: AttributeLimits) {
    this.#logger = logger;
    this.#spans = spans;
    this.#limits = limits;
  }

  emit(record: LogRecordInput): void {
    const span = record.spanId === undefined ? undefined : this.#spans.get(record.spanId);
    // The active span (the logger's default context), or the one named, gives the record its
    // trace and span ids. Its timestamp is the logger's clock now: dispatch is synchronous.
    this.#logger.emit({
      severityNumber: severityNumberOf(record.severity),
      severityText: SEVERITY_TEXT[record.severity],
      body: record.message,
      attributes: toOtel(cutAttributeValues(record.attributes, this.#limits.valueLength)),
      ...(span === undefined ? {} : { context: trace.setSpan(context.active(), span) }),
    });
  }
}
