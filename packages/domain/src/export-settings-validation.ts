import { MAX_TIMER_MS } from './config-defaults.js';
import { headerProblems } from './custom-headers.js';
import { parseEndpoint } from './endpoint.js';
import type { Problem } from './errors.js';
import { EXEMPLAR_FILTERS, LOG_LEVELS, PROPAGATOR_NAMES, SAMPLER_NAMES } from './export-settings.js';
import { controlCharacterIndex } from './header-value.js';
import { Protocol } from './protocol.js';
import { isSignalType } from './signal-type.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isDuration = (v: unknown): boolean =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_TIMER_MS;

const isPositiveInt = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;

const DURATION = `a positive number of milliseconds, at most ${MAX_TIMER_MS}`;

const oneOf = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

type Check = (field: string, value: unknown) => string | undefined;

const duration: Check = (_f, v) => (isDuration(v) ? undefined : `must be ${DURATION}`);
const positiveInt: Check = (_f, v) => (isPositiveInt(v) ? undefined : 'must be a positive integer');
const boolean: Check = (_f, v) => (typeof v === 'boolean' ? undefined : 'must be a boolean');

/** Checks each present field of an object by `checks`; unknown fields are problems too. */
const checkFields = (
  field: string,
  value: unknown,
  checks: Readonly<Record<string, Check>>,
  problems: Problem[],
): void => {
  if (!isRecord(value)) {
    problems.push({ field, message: `${field} must be an object` });
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const name = `${field}.${key}`;
    const check = checks[key];
    if (check === undefined) {
      problems.push({ field: name, message: `${field} has an unknown setting '${key}'` });
      continue;
    }
    if (v === undefined) continue;
    const why = check(name, v);
    if (why !== undefined) problems.push({ field: name, message: `${name} ${why}` });
  }
};

const endpointCheck =
  (protocol: Protocol): Check =>
  (_f, v) => {
    if (typeof v !== 'string') return 'must be a string';
    if (controlCharacterIndex(v) >= 0) return 'must not contain control characters';
    const parsed = parseEndpoint(v, protocol);
    return parsed.ok ? undefined : parsed.reason.replace(/^endpoint /, 'is invalid: ');
  };

const LIMIT_CHECKS = { attributeCountLimit: positiveInt, attributeValueLengthLimit: positiveInt };

/** The settings `validateConfig` checks here: headers, per-signal overrides, sampling, limits. */
export interface ExportSettingsInput {
  readonly protocol: unknown;
  readonly insecure: unknown;
  readonly batchMaxSize: unknown;
  readonly headers: unknown;
  readonly signalOverrides: unknown;
  readonly sampler: unknown;
  readonly propagators: unknown;
  readonly metricExportIntervalMs?: unknown;
  readonly metricExportTimeoutMs?: unknown;
  readonly spanLimits: unknown;
  readonly logRecordLimits: unknown;
  readonly exemplarFilter: unknown;
  readonly logLevel: unknown;
}

const checkOverrides = (o: ExportSettingsInput, problems: Problem[]): void => {
  if (!isRecord(o.signalOverrides)) {
    problems.push({ field: 'signalOverrides', message: 'signalOverrides must be an object' });
    return;
  }
  const protocol = o.protocol === Protocol.HTTP ? Protocol.HTTP : Protocol.GRPC;
  for (const [signal, overrides] of Object.entries(o.signalOverrides)) {
    const field = `signalOverrides.${signal}`;
    if (!isSignalType(signal)) {
      problems.push({
        field: 'signalOverrides',
        message: `signalOverrides has an unknown signal '${signal}'`,
      });
      continue;
    }
    checkFields(
      field,
      overrides,
      {
        endpoint: endpointCheck(protocol),
        insecure: boolean,
        headers: () => undefined, // checked below, with per-header problems
        timeoutMs: duration,
        compression: boolean,
        batchTimeoutMs: duration,
        batchMaxSize: positiveInt,
        maxQueueSize: positiveInt,
        exportTimeoutMs: duration,
      },
      problems,
    );
    if (!isRecord(overrides)) continue;
    if (overrides.headers !== undefined)
      problems.push(...headerProblems(`${field}.headers`, overrides.headers));
    const { endpoint, insecure, maxQueueSize } = overrides;
    const batchMaxSize = overrides.batchMaxSize ?? o.batchMaxSize;
    if (
      isPositiveInt(maxQueueSize) &&
      isPositiveInt(batchMaxSize) &&
      (batchMaxSize as number) > (maxQueueSize as number)
    ) {
      problems.push({
        field: `${field}.maxQueueSize`,
        message: `${field}.maxQueueSize must be at least the batch size (${String(batchMaxSize)}): a full batch must fit in the queue`,
      });
    }
    // URLs are for HTTP only (parseEndpoint reports one given for gRPC).
    const plaintext =
      protocol === Protocol.HTTP && typeof endpoint === 'string' && /^http:\/\//i.test(endpoint);
    if (plaintext && (insecure ?? o.insecure) !== true) {
      problems.push({
        field: `${field}.endpoint`,
        message: `${field}.endpoint uses http:// (plaintext) but insecure is not set; use https:// or set insecure`,
      });
    }
  }
};

const checkSampler = (sampler: unknown, problems: Problem[]): void => {
  if (!isRecord(sampler) || !SAMPLER_NAMES.includes(sampler.type as never)) {
    problems.push({ field: 'sampler', message: `sampler.type must be one of ${oneOf(SAMPLER_NAMES)}` });
    return;
  }
  if (sampler.ratio === undefined) return;
  const usesRatio = String(sampler.type).endsWith('traceidratio');
  const ratio = sampler.ratio;
  if (!usesRatio) {
    problems.push({
      field: 'sampler.ratio',
      message: `sampler.ratio applies only to the traceidratio samplers`,
    });
  } else if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1)) {
    problems.push({ field: 'sampler.ratio', message: 'sampler.ratio must be a number from 0 to 1' });
  }
};

const checkPropagators = (propagators: unknown, problems: Problem[]): void => {
  const valid =
    Array.isArray(propagators) &&
    propagators.every((p) => PROPAGATOR_NAMES.includes(p as never)) &&
    new Set(propagators).size === propagators.length;
  if (!valid) {
    problems.push({
      field: 'propagators',
      message: `propagators must be a list of distinct names from ${oneOf(PROPAGATOR_NAMES)}`,
    });
  }
};

/** Problems with the export settings of `o` (see {@link ExportSettingsInput}). */
export const exportSettingsProblems = (o: ExportSettingsInput): Problem[] => {
  const problems = headerProblems('headers', o.headers);
  checkOverrides(o, problems);
  checkSampler(o.sampler, problems);
  checkPropagators(o.propagators, problems);
  for (const field of ['metricExportIntervalMs', 'metricExportTimeoutMs'] as const) {
    if (o[field] !== undefined && !isDuration(o[field])) {
      problems.push({ field, message: `${field} must be ${DURATION}` });
    }
  }
  checkFields(
    'spanLimits',
    o.spanLimits,
    {
      ...LIMIT_CHECKS,
      eventCountLimit: positiveInt,
      linkCountLimit: positiveInt,
      attributePerEventCountLimit: positiveInt,
      attributePerLinkCountLimit: positiveInt,
    },
    problems,
  );
  checkFields('logRecordLimits', o.logRecordLimits, LIMIT_CHECKS, problems);
  if (!EXEMPLAR_FILTERS.includes(o.exemplarFilter as never)) {
    problems.push({
      field: 'exemplarFilter',
      message: `exemplarFilter must be one of ${oneOf(EXEMPLAR_FILTERS)}`,
    });
  }
  if (!LOG_LEVELS.includes(o.logLevel as never)) {
    problems.push({ field: 'logLevel', message: `logLevel must be one of ${oneOf(LOG_LEVELS)}` });
  }
  return problems;
};
