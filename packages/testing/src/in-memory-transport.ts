import type { ExportOutcome, ExportSendOptions, ExportTransport, SignalType } from '@telemetryflow/client';
import { decodeExportRequest } from './otlp-decoder.js';
import type { TelemetryStore } from './telemetry-store.js';

/**
 * An `ExportTransport` that keeps what the client exports instead of sending it: each request is
 * decoded with the official OTLP protos (gzipped bodies too) into a `TelemetryStore`, and answered
 * with success. A body that does not decode is answered `failed` (the SDK counts its items as
 * failed) and stored nowhere. After `shutdown()` every send fails, as the port requires; give the
 * client a factory (`() => new InMemoryTransport(store)`) to survive a restart.
 */
export class InMemoryTransport implements ExportTransport {
  readonly #store: TelemetryStore;
  #closed = false;

  constructor(store: TelemetryStore) {
    this.#store = store;
  }

  send(signal: SignalType, body: Uint8Array, _options: ExportSendOptions): Promise<ExportOutcome> {
    if (this.#closed)
      return Promise.resolve({ status: 'failed', reason: 'the in-memory transport is shut down' });
    try {
      this.#store.add(signal, decodeExportRequest(signal, body));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return Promise.resolve({
        status: 'failed',
        reason: `not an OTLP ${signal} export request: ${message}`,
      });
    }
    return Promise.resolve({ status: 'success' });
  }

  shutdown(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}
