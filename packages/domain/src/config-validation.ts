import type { TelemetryConfigOptions } from './config-options.js';
import { Credentials } from './credentials.js';
import { parseEndpoint } from './endpoint.js';
import type { Endpoint } from './endpoint.js';
import { MAX_TIMER_MS } from './config-defaults.js';
import type { Problem } from './errors.js';
import { exportSettingsProblems } from './export-settings-validation.js';
import { metricSettingsProblems } from './metric-settings.js';
import { resourceDetectorProblems } from './resource-detectors.js';
import { controlCharacterIndex, isSafeHeaderToken, isSafeHeaderValue } from './header-value.js';
import { Protocol, isProtocol } from './protocol.js';
import { isSignalType } from './signal-type.js';

/** Options with every default applied (what `TelemetryConfig` stores). */
type OptionalFields =
  | 'collectorId'
  | 'collectorName'
  | 'collectorHostname'
  | 'datacenter'
  | 'metricExportIntervalMs'
  | 'metricExportTimeoutMs';

export type ResolvedOptions = Required<Omit<TelemetryConfigOptions, OptionalFields>> &
  Pick<TelemetryConfigOptions, OptionalFields> & {
    readonly grpcKeepalive: Required<NonNullable<TelemetryConfigOptions['grpcKeepalive']>>;
  };

const isPositive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isPositiveInt = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;
const isNonNegativeInt = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;

const BOOLEAN_FIELDS = [
  'insecure',
  'compression',
  'retryEnabled',
  'enableMetrics',
  'enableLogs',
  'enableTraces',
  'enableExemplars',
  'useV2Api',
  'v2Only',
] as const;

const POSITIVE_FIELDS = [
  ['timeoutMs', 'a positive number of milliseconds'],
  ['retryBackoffMs', 'a positive number of milliseconds'],
  ['batchTimeoutMs', 'a positive number of milliseconds'],
  ['rateLimit', 'a positive number (export requests per minute)'],
] as const;

/** Durations that become timers: at most what a Node timer takes. */
const TIMER_FIELDS = ['timeoutMs', 'retryBackoffMs', 'batchTimeoutMs'] as const;

const POSITIVE_INT_FIELDS = [
  'batchMaxSize',
  'grpcMaxReceiveMessageSize',
  'grpcMaxSendMessageSize',
  'attributeCountLimit',
  'attributeValueLengthLimit',
  'metricCardinalityLimit',
  'maxQueueBytes',
] as const;

/** Strings that become resource attributes (`service.*`). */
const RESOURCE_STRING_FIELDS = ['serviceName', 'serviceVersion', 'serviceNamespace'] as const;

const IDENTITY_FIELDS = ['collectorId', 'collectorName', 'collectorHostname', 'datacenter'] as const;

/** A problem naming `field` when `value` holds a control character (the value is not echoed). */
const controlCharacterProblem = (field: string, value: string): Problem | undefined => {
  const index = controlCharacterIndex(value);
  if (index < 0) return undefined;
  const code = value.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  return { field, message: `${field} must not contain control characters (U+${code} at index ${index})` };
};

const checkEndpoint = (o: ResolvedOptions, problems: Problem[]): Endpoint | undefined => {
  if (typeof o.endpoint !== 'string') {
    problems.push({ field: 'endpoint', message: 'endpoint is required' });
    return undefined;
  }
  const control = controlCharacterProblem('endpoint', o.endpoint);
  if (control !== undefined) {
    problems.push(control);
    return undefined;
  }
  const parsed = parseEndpoint(o.endpoint, isProtocol(o.protocol) ? o.protocol : Protocol.GRPC);
  if (!parsed.ok) {
    problems.push({ field: 'endpoint', message: parsed.reason });
    return undefined;
  }
  if (parsed.endpoint.scheme === 'http' && o.insecure !== true) {
    problems.push({
      field: 'endpoint',
      message: 'endpoint uses http:// (plaintext) but insecure is not set; use https:// or set insecure',
    });
  }
  return parsed.endpoint;
};

const checkStrings = (o: ResolvedOptions, problems: Problem[]): void => {
  const nonEmpty = (field: 'serviceName' | 'serviceVersion' | 'environment'): void => {
    const value = o[field];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ field, message: `${field} is required` });
    }
  };
  nonEmpty('serviceName');
  nonEmpty('serviceVersion');
  nonEmpty('environment');
  if (typeof o.serviceNamespace !== 'string') {
    problems.push({ field: 'serviceNamespace', message: 'serviceNamespace must be a string' });
  }
  for (const field of RESOURCE_STRING_FIELDS) {
    const value = o[field];
    const control = typeof value === 'string' ? controlCharacterProblem(field, value) : undefined;
    if (control !== undefined) problems.push(control);
  }
  if (typeof o.environment === 'string' && !isSafeHeaderValue(o.environment)) {
    problems.push({ field: 'environment', message: 'environment may only contain printable ASCII' });
  }
  for (const field of IDENTITY_FIELDS) {
    const value = o[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '' || !isSafeHeaderValue(value)) {
      problems.push({
        field,
        message: `${field} must be a non-empty string of printable ASCII (it is sent as a header)`,
      });
    }
  }
};

const checkNumbers = (o: ResolvedOptions, problems: Problem[]): void => {
  for (const [field, what] of POSITIVE_FIELDS) {
    if (!isPositive(o[field])) problems.push({ field, message: `${field} must be ${what}` });
  }
  for (const field of TIMER_FIELDS) {
    if (isPositive(o[field]) && o[field] > MAX_TIMER_MS) {
      problems.push({
        field,
        message: `${field} must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest Node timer)`,
      });
    }
  }
  for (const field of POSITIVE_INT_FIELDS) {
    if (!isPositiveInt(o[field])) {
      problems.push({ field, message: `${field} must be a positive integer` });
    }
  }
  const exit = o.exitFlushTimeoutMs;
  if (typeof exit !== 'number' || !Number.isFinite(exit) || exit < 0 || exit > MAX_TIMER_MS) {
    problems.push({
      field: 'exitFlushTimeoutMs',
      message: `exitFlushTimeoutMs must be a number of milliseconds from 0 (off) to ${MAX_TIMER_MS}`,
    });
  }
  if (!isNonNegativeInt(o.maxRetries)) {
    problems.push({ field: 'maxRetries', message: 'maxRetries must be a non-negative integer' });
  }
  const k = o.grpcKeepalive;
  if (!isPositive(k.timeMs)) {
    problems.push({
      field: 'grpcKeepalive.timeMs',
      message: 'grpcKeepalive.timeMs must be a positive number of milliseconds',
    });
  }
  if (!isPositive(k.timeoutMs)) {
    problems.push({
      field: 'grpcKeepalive.timeoutMs',
      message: 'grpcKeepalive.timeoutMs must be a positive number of milliseconds',
    });
  }
  if (typeof k.permitWithoutStream !== 'boolean') {
    problems.push({
      field: 'grpcKeepalive.permitWithoutStream',
      message: 'grpcKeepalive.permitWithoutStream must be a boolean',
    });
  }
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const checkMaps = (o: ResolvedOptions, problems: Problem[]): void => {
  if (!isRecord(o.customAttributes)) {
    problems.push({ field: 'customAttributes', message: 'customAttributes must be an object' });
  } else {
    checkCustomAttributes(o.customAttributes, problems);
  }
  if (!isRecord(o.signalPaths)) {
    problems.push({ field: 'signalPaths', message: 'signalPaths must be an object' });
  } else {
    checkSignalPaths(o.signalPaths, problems);
  }
};

const checkCustomAttributes = (attributes: Record<string, unknown>, problems: Problem[]): void => {
  for (const [key, value] of Object.entries(attributes)) {
    const control =
      controlCharacterProblem('customAttributes', key) ??
      (typeof value === 'string' ? controlCharacterProblem(`customAttributes.${key}`, value) : undefined);
    if (key.trim() === '') {
      problems.push({ field: 'customAttributes', message: 'customAttributes keys must be non-empty' });
    } else if (control !== undefined) {
      problems.push(
        control.field === 'customAttributes'
          ? {
              field: 'customAttributes',
              message: 'customAttributes keys must not contain control characters',
            }
          : control,
      );
    } else if (
      typeof value !== 'string' &&
      typeof value !== 'boolean' &&
      !(typeof value === 'number' && Number.isFinite(value))
    ) {
      problems.push({
        field: `customAttributes.${key}`,
        message: `customAttributes.${key} must be a string, a finite number or a boolean`,
      });
    }
  }
};

const checkSignalPaths = (paths: Record<string, unknown>, problems: Problem[]): void => {
  for (const [signal, path] of Object.entries(paths)) {
    if (!isSignalType(signal)) {
      problems.push({ field: 'signalPaths', message: `signalPaths has an unknown signal '${signal}'` });
    } else if (
      typeof path !== 'string' ||
      !path.startsWith('/') ||
      !isSafeHeaderToken(path) ||
      /[?#]/.test(path)
    ) {
      problems.push({
        field: `signalPaths.${signal}`,
        message: `signalPaths.${signal} must be a path starting with '/' (no spaces, query or fragment)`,
      });
    }
  }
};

/** Every problem with `o`, in field order; empty when valid. */
export const validateConfig = (o: ResolvedOptions): { problems: Problem[]; endpoint?: Endpoint } => {
  const problems: Problem[] = [];
  if (!(o.credentials instanceof Credentials)) {
    problems.push({ field: 'credentials', message: 'credentials is required' });
  }
  if (!isProtocol(o.protocol)) {
    problems.push({ field: 'protocol', message: "protocol must be 'grpc' or 'http'" });
  }
  const endpoint = checkEndpoint(o, problems);
  checkStrings(o, problems);
  for (const field of BOOLEAN_FIELDS) {
    if (typeof o[field] !== 'boolean') problems.push({ field, message: `${field} must be a boolean` });
  }
  checkNumbers(o, problems);
  checkMaps(o, problems);
  problems.push(
    ...exportSettingsProblems(o),
    ...metricSettingsProblems(o),
    ...resourceDetectorProblems(o.resourceDetectors),
  );
  return endpoint === undefined ? { problems } : { problems, endpoint };
};
