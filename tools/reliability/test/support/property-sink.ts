import { InMemoryTransport, logsOf, spansOf } from '@telemetryflow-internal/test-utils';
import type { DecodedRequest } from '@telemetryflow-internal/test-utils';
import { startGrpcReceiver } from '@telemetryflow-internal/test-utils/grpc-receiver';
import { startHttpReceiver } from '@telemetryflow-internal/test-utils/http-receiver';
import type { ExportTransport, ExportTransportFactory, SignalType } from '@telemetryflow/domain';
import { createGrpcTransport } from '@telemetryflow/infrastructure-grpc';
import { createHttpTransport } from '@telemetryflow/infrastructure-http';

type Item = Record<string, unknown>;

/** Where a property run's exports go, drained as the run goes so memory stays flat. */
export interface PropertySink {
  readonly name: string;
  /** For the builder: the transport (factory) and the endpoint. */
  readonly transport: ExportTransport | ExportTransportFactory;
  readonly endpoint: string;
  readonly protocol: 'grpc' | 'http';
  /** Takes the decoded requests accepted since the last call. */
  take(): { spans: Item[]; logs: Item[]; metrics: DecodedRequest[] };
  close(): Promise<void>;
}

class Accepted {
  readonly #requests: { signal: SignalType; request: DecodedRequest }[] = [];

  add = (signal: SignalType, request: DecodedRequest): void => {
    this.#requests.push({ signal, request });
  };

  take(): { spans: Item[]; logs: Item[]; metrics: DecodedRequest[] } {
    const taken = this.#requests.splice(0);
    const of = (signal: SignalType) => taken.filter((r) => r.signal === signal).map((r) => r.request);
    return {
      spans: of('traces').flatMap((r) => spansOf(r).map((s) => s.item)),
      logs: of('logs').flatMap((r) => logsOf(r).map((l) => l.item)),
      metrics: of('metrics'),
    };
  }
}

/** The in-memory transport of test-utils (decodes every request with the OTLP protos). */
export const memorySink = (): PropertySink => {
  const transport = new InMemoryTransport();
  const accepted = new Accepted();
  return {
    name: 'in-memory transport',
    transport,
    endpoint: '127.0.0.1:4317',
    protocol: 'grpc',
    take: () => {
      for (const d of transport.delivered.splice(0)) accepted.add(d.signal, d.request);
      return accepted.take();
    },
    close: () => Promise.resolve(),
  };
};

/** A real loopback receiver behind the real transport of `protocol`. */
export const receiverSink = async (protocol: 'grpc' | 'http'): Promise<PropertySink> => {
  const accepted = new Accepted();
  const options = { retain: 5, onAccepted: accepted.add };
  const receiver = protocol === 'grpc' ? await startGrpcReceiver(options) : await startHttpReceiver(options);
  return {
    name: `${protocol} receiver`,
    transport: protocol === 'grpc' ? createGrpcTransport() : createHttpTransport(),
    endpoint: receiver.address,
    protocol,
    take: () => accepted.take(),
    close: () => receiver.close(),
  };
};
