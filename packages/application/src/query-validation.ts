import { TelemetryFlowError, isSeverityLevel } from '@telemetryflow/domain';
import type { Problem } from '@telemetryflow/domain';

/** Default `limit` of `GetLogsQuery` and `SearchTracesQuery`, as in the TelemetryFlow Python SDK. */
export const DEFAULT_QUERY_LIMIT = 100;

/** Largest `limit` a read query takes (the TelemetryFlow Python SDK has none; an unbounded read is a mistake). */
export const MAX_QUERY_LIMIT = 1000;

/** A read query was built with missing or invalid input; `problems` lists every one of them. */
export class InvalidQueryError extends TelemetryFlowError {
  override readonly name = 'InvalidQueryError';
  readonly problems: readonly Problem[];

  /** @param queryType the query's `type`, e.g. `GetLogs` */
  constructor(queryType: string, problems: readonly Problem[]) {
    super(`Invalid ${queryType} query: ${problems.map((p) => p.message).join('; ')}`, {
      code: 'TF_INVALID_QUERY',
    });
    this.problems = Object.freeze([...problems]);
  }
}

type Check = Problem | undefined;

const TRACE_ID = /^[0-9a-f]{32}$/i;

const show = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));

/** A non-empty string (the TelemetryFlow Python SDK's "name is required"). */
export const requiredText = (field: string, value: unknown): Check =>
  typeof value === 'string' && value.trim() !== ''
    ? undefined
    : { field, message: `${field} is required (a non-empty string)` };

/** 32 hex digits (an OpenTelemetry trace id), any case; absent is fine unless `required`. */
export const traceIdCheck = (field: string, value: unknown, required: boolean): Check => {
  if (value === undefined && !required) return undefined;
  return typeof value === 'string' && TRACE_ID.test(value)
    ? undefined
    : { field, message: `${field} must be 32 hex digits, got ${show(value)}` };
};

export const optionalText = (field: string, value: unknown): Check =>
  value === undefined || typeof value === 'string'
    ? undefined
    : { field, message: `${field} must be a string, got ${show(value)}` };

export const limitCheck = (value: number): Check =>
  Number.isInteger(value) && value >= 1 && value <= MAX_QUERY_LIMIT
    ? undefined
    : {
        field: 'limit',
        message: `limit must be an integer from 1 to ${MAX_QUERY_LIMIT}, got ${show(value)}`,
      };

export const offsetCheck = (value: number): Check =>
  Number.isInteger(value) && value >= 0
    ? undefined
    : { field: 'offset', message: `offset must be an integer ≥ 0, got ${show(value)}` };

/** A finite number ≥ 0 (epoch ms, or a duration in ms), when given. */
export const nonNegative = (field: string, value: unknown): Check =>
  value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    ? undefined
    : { field, message: `${field} must be a finite number ≥ 0, got ${show(value)}` };

/** `low ≤ high` when both are numbers (their own checks report anything else). */
export const ordered = (lowField: string, low: unknown, highField: string, high: unknown): Check =>
  typeof low === 'number' && typeof high === 'number' && low > high
    ? { field: lowField, message: `${lowField} (${low}) must not exceed ${highField} (${high})` }
    : undefined;

export const severityCheck = (value: unknown): Check =>
  value === undefined || isSeverityLevel(value)
    ? undefined
    : { field: 'severity', message: `severity must be a SeverityLevel, got ${show(value)}` };

export const attributesCheck = (value: unknown): Check =>
  value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))
    ? undefined
    : { field: 'attributes', message: `attributes must be an object, got ${show(value)}` };

/** The time range checks: both bounds ≥ 0, start ≤ end. */
export const rangeChecks = (startTime: unknown, endTime: unknown): Check[] => [
  nonNegative('startTime', startTime),
  nonNegative('endTime', endTime),
  ordered('startTime', startTime, 'endTime', endTime),
];

/** @throws {InvalidQueryError} listing every problem, when there is any */
export const validate = (queryType: string, checks: readonly Check[]): void => {
  const problems = checks.filter((c): c is Problem => c !== undefined);
  if (problems.length > 0) throw new InvalidQueryError(queryType, problems);
};
