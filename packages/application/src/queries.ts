import type { Attributes, SeverityLevel } from '@telemetryflow/domain';
import { now } from './clock.js';
import {
  DEFAULT_QUERY_LIMIT,
  attributesCheck,
  limitCheck,
  nonNegative,
  offsetCheck,
  optionalText,
  ordered,
  rangeChecks,
  requiredText,
  severityCheck,
  traceIdCheck,
  validate,
} from './query-validation.js';

/** The SDK's status (the client's `getStatus()`). */
export class GetSDKStatusQuery {
  readonly type = 'GetSDKStatus';
  readonly timestamp = now();
}

/** Health of the SDK and, optionally, of each signal's export. */
export class GetHealthQuery {
  readonly type = 'GetHealth';
  readonly timestamp = now();
  readonly includeComponents: boolean;

  constructor(includeComponents = true) {
    this.includeComponents = includeComponents;
  }
}

/**
 * The current value of a metric (read side; needs a `TelemetryReadPort`): what the latest export
 * says of its series matching `attributes` (a subset match; all series when absent).
 * @throws {InvalidQueryError} when `name` is empty
 */
export class GetMetricQuery {
  readonly type = 'GetMetric';
  readonly timestamp = now();
  readonly name: string;
  readonly attributes: Attributes | undefined;

  constructor(name: string, attributes?: Attributes) {
    validate(this.type, [requiredText('name', name), attributesCheck(attributes)]);
    this.name = name;
    this.attributes = attributes;
  }
}

/** A time window; both bounds are epoch milliseconds, inclusive, and optional (open-ended). */
export interface TimeRange {
  readonly startTime?: number;
  readonly endTime?: number;
}

/**
 * min / max / sum / count / avg of a metric over a time window (read side).
 * @throws {InvalidQueryError} when `name` is empty, a bound is negative, or `startTime > endTime`
 */
export class AggregateMetricsQuery {
  readonly type = 'AggregateMetrics';
  readonly timestamp = now();
  readonly name: string;
  readonly range: TimeRange;
  readonly attributes: Attributes | undefined;

  constructor(name: string, range: TimeRange = {}, attributes?: Attributes) {
    validate(this.type, [
      requiredText('name', name),
      ...rangeChecks(range.startTime, range.endTime),
      attributesCheck(attributes),
    ]);
    this.name = name;
    this.range = range;
    this.attributes = attributes;
  }
}

export interface GetLogsOptions extends TimeRange {
  /** Only records of this level (exactly). */
  readonly severity?: SeverityLevel;
  /** Only records of this trace (32 hex digits, any case). */
  readonly traceId?: string;
  /** Only records whose message contains this text (case-sensitive). */
  readonly text?: string;
  /** Most records returned: 1 to `MAX_QUERY_LIMIT`; default 100. */
  readonly limit?: number;
  /** Matching records skipped first: ≥ 0; default 0. */
  readonly offset?: number;
  /** Only records with these attributes (a subset match). */
  readonly attributes?: Attributes;
}

/**
 * Log records matching a filter (read side). `limit` defaults to 100, `offset` to 0; `traceId`
 * is kept in lowercase.
 * @throws {InvalidQueryError} for a limit outside 1…`MAX_QUERY_LIMIT`, a negative offset, an
 *   unknown severity, a malformed trace id, or a bad time range
 */
export class GetLogsQuery {
  readonly type = 'GetLogs';
  readonly timestamp = now();
  readonly options: Required<Pick<GetLogsOptions, 'limit' | 'offset'>> & GetLogsOptions;

  constructor(options: GetLogsOptions = {}) {
    const limit = options.limit ?? DEFAULT_QUERY_LIMIT;
    const offset = options.offset ?? 0;
    validate(this.type, [
      severityCheck(options.severity),
      traceIdCheck('traceId', options.traceId, false),
      optionalText('text', options.text),
      limitCheck(limit),
      offsetCheck(offset),
      ...rangeChecks(options.startTime, options.endTime),
      attributesCheck(options.attributes),
    ]);
    const traceId = options.traceId?.toLowerCase();
    this.options = { ...options, limit, offset, ...(traceId === undefined ? {} : { traceId }) };
  }
}

/**
 * One trace by id (read side); the id is kept in lowercase.
 * @throws {InvalidQueryError} when `traceId` is not 32 hex digits
 */
export class GetTraceQuery {
  readonly type = 'GetTrace';
  readonly timestamp = now();
  readonly traceId: string;

  constructor(traceId: string) {
    validate(this.type, [traceIdCheck('traceId', traceId, true)]);
    this.traceId = traceId.toLowerCase();
  }
}

export interface SearchTracesOptions extends TimeRange {
  /** Traces with a span of this service (`service.name`). */
  readonly serviceName?: string;
  /** Traces with a span of this name. */
  readonly operationName?: string;
  /** Traces lasting at least this long (ms, ≥ 0). */
  readonly minDurationMs?: number;
  /** Traces lasting at most this long (ms, ≥ `minDurationMs`). */
  readonly maxDurationMs?: number;
  /** Most traces returned: 1 to `MAX_QUERY_LIMIT`; default 100. */
  readonly limit?: number;
  /** Traces with a span having these attributes (a subset match). */
  readonly attributes?: Attributes;
}

/**
 * Traces matching a filter (read side). `limit` defaults to 100.
 * @throws {InvalidQueryError} for a limit outside 1…`MAX_QUERY_LIMIT`, a negative duration or
 *   `minDurationMs > maxDurationMs`, or a bad time range
 */
export class SearchTracesQuery {
  readonly type = 'SearchTraces';
  readonly timestamp = now();
  readonly options: Required<Pick<SearchTracesOptions, 'limit'>> & SearchTracesOptions;

  constructor(options: SearchTracesOptions = {}) {
    const limit = options.limit ?? DEFAULT_QUERY_LIMIT;
    validate(this.type, [
      optionalText('serviceName', options.serviceName),
      optionalText('operationName', options.operationName),
      nonNegative('minDurationMs', options.minDurationMs),
      nonNegative('maxDurationMs', options.maxDurationMs),
      ordered('minDurationMs', options.minDurationMs, 'maxDurationMs', options.maxDurationMs),
      limitCheck(limit),
      ...rangeChecks(options.startTime, options.endTime),
      attributesCheck(options.attributes),
    ]);
    this.options = { ...options, limit };
  }
}
