import { createRequire } from 'node:module';
import { inspect } from 'node:util';

/** The parts of `@opentelemetry/api` the capture needs (the client's own copy: one global `diag`). */
interface OtelDiag {
  readonly diag: {
    setLogger(logger: Record<string, (...args: unknown[]) => void>, level: number): boolean;
    disable(): void;
  };
  readonly DiagLogLevel: { readonly ALL: number };
}

const clientRequire = createRequire(createRequire(import.meta.url).resolve('@telemetryflow/client'));
const otel = clientRequire('@opentelemetry/api') as OtelDiag;

const text = (args: readonly unknown[]): string =>
  args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8, showHidden: true }))).join(' ');

/**
 * Captures everything a process may print or be told: writes to stdout and stderr, `console`,
 * process warnings, OpenTelemetry's `diag` at level ALL, plus whatever a test adds (errors,
 * statuses, diagnostics). Writes still go through, so nothing is hidden from the test's output.
 */
export class OutputCapture {
  readonly lines: string[] = [];
  readonly #restore: (() => void)[] = [];

  start(): this {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      this.#replace(stream, 'write', (chunk: unknown, ...rest: unknown[]) => {
        this.lines.push(
          typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'),
        );
        return write(chunk, ...rest);
      });
    }
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      this.#replace(console, level, (...args: unknown[]) => {
        this.lines.push(`console.${level}: ${text(args)}`);
      });
    }
    const onWarning = (warning: Error): void => {
      this.lines.push(
        `warning: ${warning.name} ${(warning as { code?: string }).code ?? ''} ${warning.message}`,
      );
    };
    process.on('warning', onWarning);
    this.#restore.push(() => process.off('warning', onWarning));
    const log =
      (level: string) =>
      (...args: unknown[]): void => {
        this.lines.push(`diag.${level}: ${text(args)}`);
      };
    otel.diag.setLogger(
      {
        error: log('error'),
        warn: log('warn'),
        info: log('info'),
        debug: log('debug'),
        verbose: log('verbose'),
      },
      otel.DiagLogLevel.ALL,
    );
    this.#restore.push(() => otel.diag.disable());
    return this;
  }

  /** Adds anything the test saw: an error (with its cause chain), a status, an object. */
  add(label: string, value: unknown): void {
    this.lines.push(
      `${label}: ${typeof value === 'string' ? value : inspect(value, { depth: 12, showHidden: true })}`,
    );
    if (typeof value === 'object' && value !== null) {
      try {
        this.lines.push(`${label} (JSON): ${JSON.stringify(value)}`);
      } catch {
        // cyclic: the inspect form above has it
      }
    }
    if (value instanceof Error) {
      this.lines.push(`${label} (String): ${String(value)}\n${value.stack ?? ''}`);
      if (value.cause !== undefined) this.add(`${label} cause`, value.cause);
    }
  }

  /** Replaces `target[key]` until `stop()`, which puts back exactly what was there. */
  #replace(target: object, key: string, value: (...args: unknown[]) => unknown): void {
    const own = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { value, configurable: true, writable: true });
    this.#restore.push(() => {
      if (own === undefined) Reflect.deleteProperty(target, key);
      else Object.defineProperty(target, key, own);
    });
  }

  stop(): string {
    for (const restore of this.#restore.splice(0).reverse()) restore();
    return this.lines.join('\n');
  }
}
