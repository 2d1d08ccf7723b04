import type { Attributes, SeverityLevel } from '@telemetryflow/domain';
import { now } from './clock.js';

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

/** Latest value of a metric (read side; needs a `TelemetryReadPort`). */
export class GetMetricQuery {
  readonly type = 'GetMetric';
  readonly timestamp = now();
  readonly name: string;
  readonly attributes: Attributes | undefined;

  constructor(name: string, attributes?: Attributes) {
    this.name = name;
    this.attributes = attributes;
  }
}

export interface TimeRange {
  /** Epoch milliseconds. */
  readonly startTime?: number;
  readonly endTime?: number;
}

/** min/max/sum/count/avg of a metric over a time range (read side). */
export class AggregateMetricsQuery {
  readonly type = 'AggregateMetrics';
  readonly timestamp = now();
  readonly name: string;
  readonly range: TimeRange;
  readonly attributes: Attributes | undefined;

  constructor(name: string, range: TimeRange = {}, attributes?: Attributes) {
    this.name = name;
    this.range = range;
    this.attributes = attributes;
  }
}

export interface GetLogsOptions extends TimeRange {
  readonly severity?: SeverityLevel;
  readonly limit?: number;
  readonly offset?: number;
  readonly attributes?: Attributes;
}

/** Log records matching a filter (read side). `limit` defaults to 100, `offset` to 0. */
export class GetLogsQuery {
  readonly type = 'GetLogs';
  readonly timestamp = now();
  readonly options: Required<Pick<GetLogsOptions, 'limit' | 'offset'>> & GetLogsOptions;

  constructor(options: GetLogsOptions = {}) {
    this.options = { limit: 100, offset: 0, ...options };
  }
}

/** One trace by id (read side). */
export class GetTraceQuery {
  readonly type = 'GetTrace';
  readonly timestamp = now();
  readonly traceId: string;

  constructor(traceId: string) {
    this.traceId = traceId;
  }
}

export interface SearchTracesOptions extends TimeRange {
  readonly serviceName?: string;
  readonly operationName?: string;
  readonly minDurationMs?: number;
  readonly maxDurationMs?: number;
  readonly limit?: number;
  readonly attributes?: Attributes;
}

/** Traces matching a filter (read side). `limit` defaults to 100. */
export class SearchTracesQuery {
  readonly type = 'SearchTraces';
  readonly timestamp = now();
  readonly options: Required<Pick<SearchTracesOptions, 'limit'>> & SearchTracesOptions;

  constructor(options: SearchTracesOptions = {}) {
    this.options = { limit: 100, ...options };
  }
}
