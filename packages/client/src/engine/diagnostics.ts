import type { DiagnosticLogLevel, SignalType } from '@telemetryflow/domain';
import type { Diagnostic } from '../client-options.js';
import { whileReportingDiagnostic } from './diagnostic-context.js';

const emitWarning = (d: Diagnostic): void => {
  process.emitWarning(d.message, { code: d.code, type: 'TelemetryFlowWarning' });
};

/** A code is printed at most once in this long; the next print says how many were held back. */
export const PRINT_INTERVAL_MS = 60_000;
/** Distinct invalid inputs (names, kinds) reported; beyond, new ones are only counted. */
const MAX_INVALID_REPORTED = 1_000;
/** Every diagnostic is a warning: these levels are below it, and print nothing. */
const SILENT_LEVELS: ReadonlySet<DiagnosticLogLevel> = new Set(['none', 'error']);

export interface DiagnosticsOptions {
  /** Where the default (no `onDiagnostic`) output goes; `process.emitWarning` by default. */
  readonly print?: (d: Diagnostic) => void;
  /** Milliseconds, monotonic. */
  readonly now?: () => number;
  /**
   * `config.logLevel` (`OTEL_LOG_LEVEL`), for the default output only: `none` and `error` print
   * nothing (diagnostics are warnings); `warn` (the default) and above print. A hook gets everything.
   */
  readonly level?: DiagnosticLogLevel;
}

/**
 * Reports each diagnostic condition once until it is cleared (an export failure when it starts,
 * not on every retry, and again only after exports recovered). An `onDiagnostic` hook sees every
 * such event; the default output (process warnings, unless `level` silences them) prints each code
 * at most once a minute, with the count of what it held back, so a condition that keeps recurring
 * cannot flood the logs.
 */
export class Diagnostics {
  readonly #hook: ((d: Diagnostic) => void) | undefined;
  readonly #print: ((d: Diagnostic) => void) | undefined;
  readonly #now: () => number;
  readonly #active = new Set<string>();
  readonly #printed = new Map<string, { at: number; heldBack: number }>();
  readonly #invalidReported = new Set<string>();

  constructor(hook: ((d: Diagnostic) => void) | undefined, options: DiagnosticsOptions = {}) {
    this.#hook = hook;
    this.#print = SILENT_LEVELS.has(options.level ?? 'warn') ? undefined : (options.print ?? emitWarning);
    this.#now = options.now ?? (() => performance.now());
  }

  /** Reports unless `key` (default: the code) is already active. */
  report(code: string, message: string, key = code): void {
    if (this.#active.has(key)) return;
    this.#active.add(key);
    this.#emit({ code, message });
  }

  clear(key: string): void {
    this.#active.delete(key);
  }

  /**
   * Input dropped as invalid (a metric name OTLP refuses, an empty log message…): reported once
   * per signal and reason (the reason names the offending name), for the first 1000 of them.
   */
  reportInvalid(signal: SignalType, reason: string): void {
    const key = `${signal}:${reason}`;
    if (this.#invalidReported.has(key) || this.#invalidReported.size >= MAX_INVALID_REPORTED) return;
    this.#invalidReported.add(key);
    this.#emit({
      code: 'TF_INVALID_INPUT',
      message: `${signal}: ${reason}; dropped and counted in getStatus().signals.${signal}.invalid`,
    });
  }

  #emit(d: Diagnostic): void {
    try {
      // Marked, so what the handler logs is not sent back to the collector by a log bridge.
      whileReportingDiagnostic(() => {
        if (this.#hook !== undefined) this.#hook(d);
        else if (this.#print !== undefined) this.#printLimited(d, this.#print);
      });
    } catch {
      // A throwing handler must not break recording or exporting.
    }
  }

  #printLimited(d: Diagnostic, print: (d: Diagnostic) => void): void {
    const now = this.#now();
    const last = this.#printed.get(d.code);
    if (last !== undefined && now - last.at < PRINT_INTERVAL_MS) {
      last.heldBack++;
      return;
    }
    this.#printed.set(d.code, { at: now, heldBack: 0 });
    const heldBack = last?.heldBack ?? 0;
    print(
      heldBack === 0
        ? d
        : {
            code: d.code,
            message: `${d.message} (${heldBack} more ${d.code} not printed since the last one)`,
          },
    );
  }
}
