import { SpanKind } from '@telemetryflow/domain';
import type { Attributes, SpanStatus } from '@telemetryflow/domain';

/** Start a span; its id is the result. */
export class StartSpanCommand {
  readonly type = 'StartSpan';
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
  readonly spanId: string;
  readonly error: unknown;
  /**
   * The span's operation failed with `error`. Defaults to "an error was given"; `span()` sets it for
   * any thrown value, `undefined` and `null` included.
   */
  readonly failed: boolean;

  constructor(spanId: string, error?: unknown, failed: boolean = error !== undefined && error !== null) {
    this.spanId = spanId;
    this.error = error;
    this.failed = failed;
  }
}

/** Add a timestamped event to an open span. */
export class AddSpanEventCommand {
  readonly type = 'AddSpanEvent';
  readonly spanId: string;
  readonly name: string;
  readonly attributes: Attributes | undefined;

  constructor(spanId: string, name: string, attributes?: Attributes) {
    this.spanId = spanId;
    this.name = name;
    this.attributes = attributes;
  }
}

/** Set attributes on an open span (e.g. what is only known at its end, like a status code). */
export class SetSpanAttributesCommand {
  readonly type = 'SetSpanAttributes';
  readonly spanId: string;
  readonly attributes: Attributes | undefined;

  constructor(spanId: string, attributes: Attributes) {
    this.spanId = spanId;
    this.attributes = attributes;
  }
}

/** Rename an open span (e.g. once the route template is known). */
export class UpdateSpanNameCommand {
  readonly type = 'UpdateSpanName';
  readonly spanId: string;
  readonly name: string;

  constructor(spanId: string, name: string) {
    this.spanId = spanId;
    this.name = name;
  }
}

/** Set an open span's status explicitly; `endSpan` then keeps it instead of setting OK. */
export class SetSpanStatusCommand {
  readonly type = 'SetSpanStatus';
  readonly spanId: string;
  readonly status: SpanStatus;
  readonly message: string | undefined;

  constructor(spanId: string, status: SpanStatus, message?: string) {
    this.spanId = spanId;
    this.status = status;
    this.message = message;
  }
}
