import type { ExportOutcome, ExportSendOptions, ExportTransport, SignalType } from '@telemetryflow/domain';
import { decodeRequest } from './otlp-decoder.js';
import type { DecodedRequest } from './otlp-decoder.js';
import { logsOf, metricsOf, spansOf } from './otlp-views.js';

export interface Attempt {
  readonly signal: SignalType;
  readonly timeoutMs: number;
  readonly bytes: number;
}

export interface Delivery {
  readonly signal: SignalType;
  readonly request: DecodedRequest;
}

export type Responder = (signal: SignalType, attempt: number) => ExportOutcome | Promise<ExportOutcome>;

/**
 * An `ExportTransport` that decodes what it receives with the official OTLP protos. `respond`
 * decides each attempt's outcome (default: success); only successful attempts count as delivered.
 */
export class InMemoryTransport implements ExportTransport {
  readonly attempts: Attempt[] = [];
  readonly delivered: Delivery[] = [];
  respond: Responder = () => ({ status: 'success' });
  shutdownCalls = 0;

  async send(signal: SignalType, body: Uint8Array, options: ExportSendOptions): Promise<ExportOutcome> {
    this.attempts.push({ signal, timeoutMs: options.timeoutMs, bytes: body.byteLength });
    const outcome = await this.respond(signal, this.attempts.length);
    if (outcome.status === 'success') this.delivered.push({ signal, request: decodeRequest(signal, body) });
    return outcome;
  }

  shutdown(): Promise<void> {
    this.shutdownCalls++;
    return Promise.resolve();
  }

  requests(signal: SignalType): DecodedRequest[] {
    return this.delivered.filter((d) => d.signal === signal).map((d) => d.request);
  }

  spans() {
    return this.requests('traces').flatMap(spansOf);
  }

  logs() {
    return this.requests('logs').flatMap(logsOf);
  }

  metrics() {
    return this.requests('metrics').flatMap(metricsOf);
  }
}
