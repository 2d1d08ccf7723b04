import { SpanKind } from '@telemetryflow/domain';
import type { Attributes } from '@telemetryflow/domain';
import { now } from './clock.js';

/** Start a span; its id is the result. */
export class StartSpanCommand {
  readonly type = 'StartSpan';
  readonly timestamp = now();
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes | undefined;
  readonly parentSpanId: string | undefined;

  constructor(
    name: string,
    kind: SpanKind = SpanKind.INTERNAL,
    attributes?: Attributes,
    parentSpanId?: string,
  ) {
    this.name = name;
    this.kind = kind;
    this.attributes = attributes;
    this.parentSpanId = parentSpanId;
  }
}

/** End a span; with an error, its status is ERROR and the exception is recorded. */
export class EndSpanCommand {
  readonly type = 'EndSpan';
  readonly timestamp = now();
  readonly spanId: string;
  readonly error: unknown;

  constructor(spanId: string, error?: unknown) {
    this.spanId = spanId;
    this.error = error;
  }
}

/** Add a timestamped event to an open span. */
export class AddSpanEventCommand {
  readonly type = 'AddSpanEvent';
  readonly timestamp = now();
  readonly spanId: string;
  readonly name: string;
  readonly attributes: Attributes | undefined;

  constructor(spanId: string, name: string, attributes?: Attributes) {
    this.spanId = spanId;
    this.name = name;
    this.attributes = attributes;
  }
}
