import { ALL_SIGNALS } from '@telemetryflow/domain';
import type { SignalType } from '@telemetryflow/domain';
import { now } from './clock.js';
import type { StatusSource } from './ports.js';
import type { GetHealthQuery, GetSDKStatusQuery } from './queries.js';
import { HealthStatus } from './query-results.js';
import type { ComponentHealth, HealthQueryResult, SDKStatus, SignalStatus } from './query-results.js';
import type { RecordingStats } from './recording-stats.js';
import type { SdkState } from './sdk-state.js';

export class GetSDKStatusHandler {
  readonly #state: SdkState;
  readonly #stats: RecordingStats;
  readonly #source: StatusSource;
  readonly #version: string;

  constructor(state: SdkState, stats: RecordingStats, source: StatusSource, sdkVersion: string) {
    this.#state = state;
    this.#stats = stats;
    this.#source = source;
    this.#version = sdkVersion;
  }

  handle(_query: GetSDKStatusQuery): SDKStatus {
    const { config, startedAt } = this.#state;
    const signal = (s: SignalType): SignalStatus => {
      const exported = this.#source.exportStats(s);
      return {
        recorded: this.#stats.recorded(s),
        invalid: this.#stats.invalid(s),
        ...exported,
        dropped: exported.dropped + this.#stats.droppedStopped(s),
      };
    };
    return {
      initialized: this.#state.initialized,
      version: this.#version,
      serviceName: config.serviceName,
      endpoint: config.endpoint,
      protocol: config.protocol,
      signalsEnabled: config.getEnabledSignals(),
      uptimeSeconds: startedAt === undefined ? null : (now() - startedAt) / 1000,
      metricsSent: this.#stats.recorded('metrics'),
      logsSent: this.#stats.recorded('logs'),
      spansSent: this.#stats.recorded('traces'),
      signals: { metrics: signal('metrics'), logs: signal('logs'), traces: signal('traces') },
      droppedAttributes: this.#stats.droppedAttributes,
      lastInvalidReason: this.#stats.lastInvalidReason,
      disabled: this.#state.disabled,
    };
  }
}

const signalHealth = (source: StatusSource, signal: SignalType): ComponentHealth => {
  const { lastOutcome, lastError } = source.exportStats(signal);
  if (lastOutcome === 'failed') {
    return { status: HealthStatus.UNHEALTHY, message: `last export failed: ${lastError ?? 'unknown error'}` };
  }
  if (lastOutcome === 'retrying') {
    return { status: HealthStatus.DEGRADED, message: `retrying export: ${lastError ?? 'unknown error'}` };
  }
  return {
    status: HealthStatus.HEALTHY,
    message: lastOutcome === 'none' ? 'nothing exported yet' : 'last export succeeded',
  };
};

/**
 * Healthy when every enabled signal's latest export succeeded (or none happened yet), and when
 * the SDK is disabled (nothing is meant to export: a health check must not fail the app for it);
 * degraded when some signal is retrying or failing; unhealthy when not running or all fail.
 */
export class GetHealthHandler {
  readonly #state: SdkState;
  readonly #source: StatusSource;

  constructor(state: SdkState, source: StatusSource) {
    this.#state = state;
    this.#source = source;
  }

  handle(query: GetHealthQuery): HealthQueryResult {
    const timestamp = now();
    if (this.#state.disabled) {
      return { status: HealthStatus.HEALTHY, message: 'SDK is disabled', components: {}, timestamp };
    }
    if (!this.#state.initialized) {
      return { status: HealthStatus.UNHEALTHY, message: 'SDK is not initialized', components: {}, timestamp };
    }
    const enabled = ALL_SIGNALS.filter((s) => this.#state.isEnabled(s));
    const components: Record<string, ComponentHealth> = {};
    for (const s of enabled) components[s] = signalHealth(this.#source, s);
    const statuses = Object.values(components).map((c) => c.status);
    const failing = statuses.filter((s) => s !== HealthStatus.HEALTHY).length;
    let status: HealthStatus = HealthStatus.HEALTHY;
    if (failing > 0) {
      const allFailed = statuses.every((s) => s === HealthStatus.UNHEALTHY);
      status = allFailed ? HealthStatus.UNHEALTHY : HealthStatus.DEGRADED;
    }
    const message =
      status === HealthStatus.HEALTHY
        ? 'all signals exporting'
        : `${failing} of ${enabled.length} signals not exporting`;
    return { status, message, components: query.includeComponents ? components : {}, timestamp };
  }
}
