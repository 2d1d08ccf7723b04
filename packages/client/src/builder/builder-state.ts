import type {
  ExportTransport,
  ExportTransportFactory,
  Problem,
  TelemetryConfigOptions,
} from '@telemetryflow/domain';
import type { Diagnostic } from '../client-options.js';
import type { OtlpEndpoint } from './otel-env.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The `TelemetryConfigOptions` a builder collects (credentials are kept as two strings). */
export type BuilderOptions = Mutable<Partial<Omit<TelemetryConfigOptions, 'credentials'>>>;

/** A builder setting: a `TelemetryConfigOptions` field, or one half of the API key. */
export type SettingKey = keyof BuilderOptions | 'keyId' | 'keySecret';

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

  setKey(keyId: string | undefined, keySecret: string | undefined): void {
    if (keyId !== undefined) this.keyId = keyId;
    if (keySecret !== undefined) this.keySecret = keySecret;
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
