import { context, trace } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import type { LogRecordInput, LoggingPort } from '@telemetryflow/application';
import { severityNumberOf } from '@telemetryflow/domain';
import type { SpanRegistry } from './span-registry.js';
import { toOtel } from './otel-attributes.js';

/** `LoggingPort` on an OpenTelemetry logger: real OTLP log records, correlated with a span. */
export class LoggingAdapter implements LoggingPort {
  readonly #logger: Logger;
  readonly #spans: SpanRegistry;

  constructor(logger: Logger, spans: SpanRegistry) {
    this.#logger = logger;
    this.#spans = spans;
  }

  emit(record: LogRecordInput): void {
    const span = record.spanId === undefined ? undefined : this.#spans.get(record.spanId);
    this.#logger.emit({
      timestamp: record.timestamp,
      severityNumber: severityNumberOf(record.severity),
      severityText: record.severity.toUpperCase(),
      body: record.message,
      attributes: toOtel(record.attributes),
      // The active span (or the one named) gives the record its trace and span ids.
      context: span === undefined ? context.active() : trace.setSpan(context.active(), span),
    });
  }
}
