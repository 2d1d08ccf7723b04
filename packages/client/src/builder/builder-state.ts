import type {
  ExportTransport,
  ExportTransportFactory,
  LogRecordLimitSettings,
  Problem,
  Protocol,
  SignalOverrides,
  SignalType,
  SpanLimitSettings,
  TelemetryConfigOptions,
} from '@telemetryflow/domain';
import type { Diagnostic } from '../client-options.js';
import type { Parsed } from './env.js';
import type { OtlpEndpoint } from './otel-env.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The `TelemetryConfigOptions` a builder collects (credentials are kept as two strings). */
export type BuilderOptions = Mutable<Partial<Omit<TelemetryConfigOptions, 'credentials'>>>;

/**
 * A builder setting: a `TelemetryConfigOptions` field, one half of the API key, or a nested field
 * (`signalOverrides.traces.timeoutMs`, `spanLimits.eventCountLimit`).
 */
export type SettingKey = keyof BuilderOptions | 'keyId' | 'keySecret' | `${string}.${string}`;

/** A per-signal `OTEL_EXPORTER_OTLP_{SIGNAL}_ENDPOINT`, resolved at `build()` like the general one. */
export interface SignalOtlpEndpoint extends OtlpEndpoint {
  readonly variable: string;
}

/**
 * What a `TelemetryFlowBuilder` has been told so far. Unset fields get `TelemetryConfig`'s
 * defaults at `build()`; nothing here duplicates them.
 */
export class BuilderState {
  keyId: string | undefined;
  keySecret: string | undefined;
  /** Settings made so far; `customAttributes` holds only the explicitly added ones. */
  readonly options: BuilderOptions = {};
  /** `OTEL_RESOURCE_ATTRIBUTES` entries that become custom attributes (under the explicit ones). */
  otelAttributes: Readonly<Record<string, string>> = {};
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`, resolved at `build()` once the protocol is final. */
  otlpEndpoint: OtlpEndpoint | undefined;
  transport: ExportTransport | ExportTransportFactory | undefined;
  registerGlobal: boolean | undefined;
  onDiagnostic: ((diagnostic: Diagnostic) => void) | undefined;
  /** `OTEL_SDK_DISABLED` / `withDisabled()`: build a no-op client. */
  disabled: boolean | undefined;
  /** Per-signal OTLP endpoints (URLs used as they are), resolved at `build()`. */
  readonly otlpSignalEndpoints: Partial<Record<SignalType, SignalOtlpEndpoint>> = {};
  /** `OTEL_EXPORTER_OTLP_{SIGNAL}_PROTOCOL` values, checked against the client's protocol at `build()`. */
  readonly signalProtocols: { readonly variable: string; readonly protocol: Protocol }[] = [];
  /** Unparsable variables, by variable name, with the setting each one was meant for. */
  readonly #envProblems = new Map<string, { readonly setting?: SettingKey; readonly problem: Problem }>();

  /** Sets one option; a later setting supersedes an unparsable variable meant for it. */
  set<K extends keyof BuilderOptions>(key: K, value: BuilderOptions[K]): void {
    this.options[key] = value;
    this.clearProblems(key);
    if (key === 'endpoint') this.otlpEndpoint = undefined;
  }

  /** Sets the endpoint from `OTEL_EXPORTER_OTLP_ENDPOINT`, replacing any endpoint set before. */
  setOtlpEndpoint(endpoint: OtlpEndpoint): void {
    delete this.options.endpoint;
    this.clearProblems('endpoint');
    this.otlpEndpoint = endpoint;
  }

  /** Sets one field of a signal's overrides. */
  setOverride<K extends keyof SignalOverrides>(signal: SignalType, key: K, value: SignalOverrides[K]): void {
    const all = this.options.signalOverrides ?? {};
    this.options.signalOverrides = { ...all, [signal]: { ...all[signal], [key]: value } };
    this.clearProblems(`signalOverrides.${signal}.${key}`);
    if (key === 'endpoint') delete this.otlpSignalEndpoints[signal];
  }

  /** Sets one span or log record limit. */
  setLimit(
    group: 'spanLimits' | 'logRecordLimits',
    key: (keyof SpanLimitSettings & keyof LogRecordLimitSettings) | keyof SpanLimitSettings,
    value: number,
  ): void {
    this.options[group] = { ...this.options[group], [key]: value };
    this.clearProblems(`${group}.${key}`);
  }

  setKey(keyId: string | undefined, keySecret: string | undefined): void {
    if (keyId !== undefined) this.keyId = keyId;
    if (keySecret !== undefined) this.keySecret = keySecret;
  }

  /**
   * A variable's parsed value: handed to `use`, or, when it did not parse, recorded as a problem
   * meant for `setting` (which a later setting made in code clears). Nothing when it was unset.
   */
  applyParsed<T>(
    parsed: Parsed<T> | undefined,
    setting: SettingKey | undefined,
    use: (value: T) => void,
  ): void {
    if (parsed === undefined) return;
    if (parsed.ok) use(parsed.value);
    else this.addProblem(parsed.problem, setting);
  }

  /** Records that variable `problem.field` could not be parsed for `setting`. */
  addProblem(problem: Problem, setting?: SettingKey): void {
    this.#envProblems.set(problem.field, setting === undefined ? { problem } : { setting, problem });
  }

  clearProblems(setting: SettingKey): void {
    for (const [name, entry] of this.#envProblems) {
      if (entry.setting === setting) this.#envProblems.delete(name);
    }
  }

  /** Every variable that could not be parsed, in the order they were read. */
  get envProblems(): Problem[] {
    return [...this.#envProblems.values()].map((entry) => entry.problem);
  }
}
