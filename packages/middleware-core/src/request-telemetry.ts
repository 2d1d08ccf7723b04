import { AsyncResource } from 'node:async_hooks';
import { SpanKind } from '@telemetryflow/client';
import type { Attributes } from '@telemetryflow/client';
import {
  METRIC_ERRORS_TOTAL,
  METRIC_REQUESTS_TOTAL,
  METRIC_REQUEST_DURATION,
  exceptionAttributes,
  normalizeMethod,
  protocolVersionOf,
  requestAttributes,
} from './http-semconv.js';
import type { HttpRequestInfo } from './http-semconv.js';
import { spanVerdict } from './span-verdict.js';
import type { RequestFailure, ResponseOutcome } from './span-verdict.js';
import { defaultSpanName } from './telemetry-options.js';
import type { MiddlewareClient, TelemetrySettings } from './telemetry-options.js';

type Runner = <T>(fn: () => T) => T;
const runDirectly: Runner = (fn) => fn();
const ignore = (): void => undefined;

/**
 * The telemetry of one request: a SERVER span continuing the caller's trace, active while the
 * framework handles the request, then the HTTP metrics once the response is done. Client calls are
 * guarded: telemetry never breaks a request.
 */
export class RequestTelemetry {
  readonly #client: MiddlewareClient;
  readonly #settings: TelemetrySettings;
  #request: HttpRequestInfo;
  readonly #method: string;
  readonly #startedAt = performance.now();
  #spanId = '';
  #runInSpan: Runner = runDirectly;
  #settle: ((error: unknown) => void) | undefined;
  #failure: RequestFailure | undefined;
  #finished = false;

  constructor(client: MiddlewareClient, settings: TelemetrySettings, request: HttpRequestInfo) {
    this.#client = client;
    this.#settings = settings;
    this.#request = request;
    this.#method = normalizeMethod(request.method);
  }

  /**
   * Starts the span in the context of the incoming trace headers and calls `proceed` (the
   * framework's `next`) with the span active, so the spans and logs of the handlers are its
   * children. When telemetry cannot start, `proceed` still runs, once. What `proceed` throws is
   * rethrown unchanged.
   */
  begin(extraAttributes: Attributes | undefined, proceed: () => void): void {
    let proceeded = false;
    try {
      const attributes = {
        ...requestAttributes(this.#request, this.#settings.redactQuery),
        ...extraAttributes,
      };
      const name = defaultSpanName({ method: this.#method, route: undefined, path: this.#request.path });
      const ended = this.#client.withTraceContext(this.#request.headers, () =>
        this.#client.span(name, SpanKind.SERVER, attributes, (spanId) => {
          const settled = new Promise<void>((resolve, reject) => {
            // span() ends the span with the rejection reason: whatever the application threw.
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
            this.#settle = (error) => (error === undefined ? resolve() : reject(error));
          });
          this.#spanId = spanId;
          this.#runInSpan = AsyncResource.bind(runDirectly);
          proceeded = true;
          proceed();
          return settled;
        }),
      );
      ended.catch(ignore);
    } catch (error) {
      if (proceeded) {
        // Thrown by the framework's continuation; span() has ended the span with it already.
        this.#spanId = '';
        this.#settle = undefined;
        throw error;
      }
      this.#finished = true;
      proceed();
    }
  }

  /**
   * Remembers an error seen by the framework's error handling (the last one wins); `afterHeaders`:
   * the response had started, so its status code cannot show the error.
   */
  recordError(error: unknown, afterHeaders = false): void {
    this.#failure = { error, afterHeaders };
  }

  /**
   * Corrects what the adapter could only guess when the request started (e.g. before the framework
   * parsed it: the scheme and client behind a trusted proxy) and adds attributes to the span.
   */
  refine(changes: Pick<HttpRequestInfo, 'scheme' | 'clientAddress'>, extraAttributes?: Attributes): void {
    if (this.#finished) return;
    try {
      this.#request = { ...this.#request, ...changes };
      if (this.#spanId === '') return;
      const client = changes.clientAddress ? { 'client.address': changes.clientAddress } : {};
      this.#client.setSpanAttributes(this.#spanId, {
        'url.scheme': changes.scheme,
        ...client,
        ...extraAttributes,
      });
    } catch {
      // Never break a request for telemetry.
    }
  }

  /**
   * Records the response — span attributes, name and status, metrics, an error log for 5xx — and
   * ends the span. Only the first call counts.
   */
  finish(outcome: ResponseOutcome): void {
    if (this.#finished) return;
    this.#finished = true;
    const seconds = (performance.now() - this.#startedAt) / 1000;
    let spanError: unknown;
    try {
      // In the span's context, so the error log is correlated with it whoever emits the event.
      spanError = this.#runInSpan(() => this.#record(outcome, seconds));
    } catch {
      // Never break a request for telemetry (e.g. the client was shut down meanwhile).
    }
    this.#settle?.(spanError);
  }

  /** Returns the error to end the span with, if any. */
  #record(outcome: ResponseOutcome, seconds: number): unknown {
    const { statusCode, route } = outcome;
    const verdict = spanVerdict(outcome, this.#failure);
    const keyed: Record<string, string | number> = { 'http.request.method': this.#method };
    if (route !== undefined) keyed['http.route'] = route;
    if (statusCode !== undefined) keyed['http.response.status_code'] = statusCode;
    if (verdict.errorType !== undefined) keyed['error.type'] = verdict.errorType;
    const error = this.#failure?.error;
    const id = this.#spanId;
    if (id !== '') {
      this.#client.setSpanAttributes(id, keyed);
      this.#client.updateSpanName(id, this.#spanName(route));
      if (verdict.exceptionEvent) this.#client.addSpanEvent(id, 'exception', exceptionAttributes(error));
      // Set even when UNSET: span() would end a span without an explicit status as OK.
      if (!verdict.endWithError) this.#client.setSpanStatus(id, verdict.status, verdict.message);
    }
    this.#recordMetrics(keyed, statusCode, route, seconds);
    return verdict.endWithError ? error : undefined;
  }

  #spanName(route: string | undefined): string {
    const info = { method: this.#method, route, path: this.#request.path };
    try {
      return this.#settings.spanNameFormatter(info);
    } catch {
      return defaultSpanName(info);
    }
  }

  #recordMetrics(
    keyed: Attributes,
    statusCode: number | undefined,
    route: string | undefined,
    seconds: number,
  ): void {
    const settings = this.#settings;
    const client = this.#client;
    if (settings.recordRequestDuration) {
      const version = protocolVersionOf(this.#request.httpVersion);
      client.recordHistogram(METRIC_REQUEST_DURATION, seconds, 's', {
        ...keyed,
        'url.scheme': this.#request.scheme,
        ...(version === undefined ? {} : { 'network.protocol.version': version }),
      });
    }
    if (settings.recordRequestCount) client.incrementCounter(METRIC_REQUESTS_TOTAL, 1, keyed);
    if (!settings.recordErrorCount || statusCode === undefined || statusCode < 400) return;
    client.incrementCounter(METRIC_ERRORS_TOTAL, 1, keyed);
    if (statusCode < 500) return;
    const target = route === undefined ? this.#method : `${this.#method} ${route}`;
    const error = this.#failure?.error;
    // The client adds the error's exception attributes under the record's own: keyed's
    // error.type (the span's and the metrics') wins over an error's code.
    client.logError(
      `HTTP ${statusCode} error on ${target}`,
      { ...keyed, 'url.path': this.#request.path, duration_s: seconds },
      error ?? undefined,
    );
  }
}
