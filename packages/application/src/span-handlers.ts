import { SpanKind, SpanStatus, isSpanKind, isSpanStatus } from '@telemetryflow/domain';
import type { Attributes } from '@telemetryflow/domain';
import type { SpanFailure, TracingPort } from './ports.js';
import type { AttributeLimits } from './recording-rules.js';
import { NO_ATTRIBUTE_LIMITS, nameText, normalizeAttributes } from './recording-rules.js';
import type { RecordingStats } from './recording-stats.js';
import type { SdkState } from './sdk-state.js';
import type {
  AddSpanEventCommand,
  EndSpanCommand,
  SetSpanAttributesCommand,
  SetSpanStatusCommand,
  StartSpanCommand,
  UpdateSpanNameCommand,
} from './span-commands.js';

const isSpanId = (id: unknown): id is string => typeof id === 'string' && id !== '';

export class StartSpanHandler {
  readonly #tracing: TracingPort;
  readonly #state: SdkState;
  readonly #stats: RecordingStats;
  readonly #limits: AttributeLimits;

  /** @param limits the span attribute limits (`spanLimits`; see `createSdk`), default none */
  constructor(tracing: TracingPort, state: SdkState, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    this.#tracing = tracing;
    this.#state = state;
    this.#stats = stats;
    this.#limits = limits;
  }

  /**
   * The span id, or `''` when traces are off, the name is unusable or too many spans are open
   * (every span call given `''` is a no-op). An unknown kind becomes INTERNAL.
   */
  handle(command: StartSpanCommand): string {
    return this.start(command.name, command.kind, command.attributes, command.parentSpanId);
  }

  /**
   * What {@link handle} does, with the command's fields as arguments: the client's `startSpan()`
   * and `span()` come here without a command object (issue #22).
   */
  start(
    name: string,
    kind: SpanKind,
    attributes: Attributes | undefined,
    parentSpanId: string | undefined,
  ): string {
    if (!this.#state.isEnabled('traces')) return '';
    const text = nameText(name);
    if (text === undefined) {
      this.#stats.reject('traces', 'span name is empty');
      return '';
    }
    const spanId = this.#tracing.startSpan({
      name: text,
      kind: isSpanKind(kind) ? kind : SpanKind.INTERNAL,
      attributes: normalizeAttributes(attributes, this.#stats, this.#limits),
      parentSpanId: isSpanId(parentSpanId) ? parentSpanId : undefined,
    });
    if (spanId === undefined) {
      this.#stats.reject('traces', 'too many open spans: end the spans you start');
      return '';
    }
    this.#stats.accept('traces');
    return spanId;
  }
}

export class EndSpanHandler {
  readonly #tracing: TracingPort;
  readonly #stats: RecordingStats;

  constructor(tracing: TracingPort, stats: RecordingStats) {
    this.#tracing = tracing;
    this.#stats = stats;
  }

  /** `false` for `''` (a span that was never recorded) and, counted as invalid, for unknown ids. */
  handle(command: EndSpanCommand): boolean {
    return this.end(command.spanId, command.failed ? { error: command.error } : undefined);
  }

  /**
   * What {@link handle} does, with the command's fields as arguments (`failure` given when the
   * span's operation failed): for the client's `endSpan()` and `span()`, without a command object.
   */
  end(spanId: string, failure: SpanFailure | undefined): boolean {
    if (!isSpanId(spanId)) return false;
    if (this.#tracing.endSpan(spanId, failure)) return true;
    return this.#stats.reject('traces', 'endSpan: unknown or already ended span id');
  }
}

export class AddSpanEventHandler {
  readonly #tracing: TracingPort;
  readonly #stats: RecordingStats;
  readonly #limits: AttributeLimits;

  /** @param limits the span attribute limits (`spanLimits`; see `createSdk`), default none */
  constructor(tracing: TracingPort, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    this.#tracing = tracing;
    this.#stats = stats;
    this.#limits = limits;
  }

  handle(command: AddSpanEventCommand): boolean {
    if (!isSpanId(command.spanId)) return false;
    const name = nameText(command.name);
    if (name === undefined) return this.#stats.reject('traces', 'span event name is empty');
    const attributes = normalizeAttributes(command.attributes, this.#stats, this.#limits);
    if (this.#tracing.addSpanEvent(command.spanId, name, attributes)) return true;
    return this.#stats.reject('traces', 'addSpanEvent: unknown or already ended span id');
  }
}

/** Shared shape of the handlers that change an open span: check the id, apply, count misses. */
abstract class OpenSpanHandler<C extends { readonly spanId: string }> {
  protected readonly tracing: TracingPort;
  protected readonly stats: RecordingStats;
  readonly #what: string;

  constructor(tracing: TracingPort, stats: RecordingStats, what: string) {
    this.tracing = tracing;
    this.stats = stats;
    this.#what = what;
  }

  /** `false` for `''` (silently) and for unknown ids or unusable input (counted as invalid). */
  handle(command: C): boolean {
    if (!isSpanId(command.spanId)) return false;
    const applied = this.apply(command);
    if (applied === true) return true;
    return this.stats.reject(
      'traces',
      `${this.#what}: ${applied === false ? 'unknown or already ended span id' : applied}`,
    );
  }

  /** `true` when applied, `false` for an unknown span, or why the input is unusable. */
  protected abstract apply(command: C): boolean | string;
}

export class SetSpanAttributesHandler extends OpenSpanHandler<SetSpanAttributesCommand> {
  readonly #limits: AttributeLimits;

  /** @param limits the span attribute limits (`spanLimits`; see `createSdk`), default none */
  constructor(tracing: TracingPort, stats: RecordingStats, limits = NO_ATTRIBUTE_LIMITS) {
    super(tracing, stats, 'setSpanAttributes');
    this.#limits = limits;
  }

  protected apply(command: SetSpanAttributesCommand): boolean | string {
    const attributes = normalizeAttributes(command.attributes, this.stats, this.#limits);
    return attributes === undefined
      ? 'no attributes'
      : this.tracing.setSpanAttributes(command.spanId, attributes);
  }
}

export class UpdateSpanNameHandler extends OpenSpanHandler<UpdateSpanNameCommand> {
  constructor(tracing: TracingPort, stats: RecordingStats) {
    super(tracing, stats, 'updateSpanName');
  }

  protected apply(command: UpdateSpanNameCommand): boolean | string {
    const name = nameText(command.name);
    return name === undefined ? 'span name is empty' : this.tracing.updateSpanName(command.spanId, name);
  }
}

/** An unknown status becomes UNSET; the message only goes with ERROR (as OpenTelemetry does). */
export class SetSpanStatusHandler extends OpenSpanHandler<SetSpanStatusCommand> {
  constructor(tracing: TracingPort, stats: RecordingStats) {
    super(tracing, stats, 'setSpanStatus');
  }

  protected apply(command: SetSpanStatusCommand): boolean | string {
    const status = isSpanStatus(command.status) ? command.status : SpanStatus.UNSET;
    const message = status === SpanStatus.ERROR ? nameText(command.message) : undefined;
    return this.tracing.setSpanStatus(command.spanId, status, message);
  }
}
