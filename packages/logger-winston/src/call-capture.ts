import type { LogContext } from '@telemetryflow/client';

/** What a log call captured: where it was made and when. */
export interface CapturedCall {
  readonly context: LogContext;
  /** Epoch milliseconds, fractions kept. */
  readonly time: number;
}

/** The part of a winston logger the capture uses: its `defaultMeta`. */
interface LoggerLike {
  defaultMeta?: unknown;
}

// Read once: `performance.timeOrigin` is a getter.
const TIME_ORIGIN = performance.timeOrigin;

/**
 * Makes `logger` capture, in each log call, where and when it was made, under `key` of the info
 * object. winston copies its `defaultMeta`'s own enumerable properties into every info object
 * inside the log call (`logger.info()`, `log()`, child loggers alike), symbols included, and its
 * formats and transports ignore symbol keys: a symbol-keyed getter there runs in the call. The
 * app's `defaultMeta` object gets the getter (one is made when there is none); a frozen one gets
 * none, and the transport then takes the context of its own `log()`. `false` when not installed.
 */
export const captureCalls = (logger: unknown, key: symbol, capture: () => LogContext): boolean => {
  const target = logger as LoggerLike | null;
  if (typeof target !== 'object' || target === null) return false;
  try {
    if (target.defaultMeta === null || target.defaultMeta === undefined) target.defaultMeta = {};
    const meta = target.defaultMeta;
    if (typeof meta !== 'object' || meta === null || Object.hasOwn(meta, key)) return false;
    Object.defineProperty(meta, key, {
      enumerable: true,
      configurable: true,
      get: (): CapturedCall => ({ context: capture(), time: TIME_ORIGIN + performance.now() }),
    });
    return true;
  } catch {
    return false; // frozen or otherwise locked
  }
};

/** Removes what `captureCalls` added to `logger` (the transport was removed from it). */
export const releaseCalls = (logger: unknown, key: symbol): void => {
  try {
    const meta = (logger as LoggerLike | null)?.defaultMeta;
    if (typeof meta === 'object' && meta !== null && Object.hasOwn(meta, key)) {
      delete (meta as Record<symbol, unknown>)[key];
    }
  } catch {
    // nothing to undo
  }
};
