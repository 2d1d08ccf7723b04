import type { Diagnostic } from '../client-options.js';

const emitWarning = (d: Diagnostic): void => {
  process.emitWarning(d.message, { code: d.code, type: 'TelemetryFlowWarning' });
};

/**
 * Reports each diagnostic code once until it is cleared (e.g. an export failure is reported
 * when it starts, not on every retry, and again only after exports recovered).
 */
export class Diagnostics {
  readonly #sink: (d: Diagnostic) => void;
  readonly #active = new Set<string>();

  constructor(sink: ((d: Diagnostic) => void) | undefined) {
    this.#sink = sink ?? emitWarning;
  }

  /** Reports unless `key` (default: the code) is already active. */
  report(code: string, message: string, key = code): void {
    if (this.#active.has(key)) return;
    this.#active.add(key);
    try {
      this.#sink({ code, message });
    } catch {
      // A throwing handler must not break exporting.
    }
  }

  clear(key: string): void {
    this.#active.delete(key);
  }
}
