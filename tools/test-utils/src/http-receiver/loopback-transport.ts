import { request } from 'node:http';
import type { ExportOutcome, ExportTransport, SignalType } from '@telemetryflow/domain';

/**
 * A minimal OTLP/HTTP `ExportTransport` that POSTs each request's protobuf to `${url}/v1/<signal>`
 * (a loopback receiver from `startHttpReceiver`), one connection per request: for tests of packages
 * that send through a real client but do not depend on a transport package (the logger bridges).
 * 2xx is success, any other answer or error a failure; no retries, no TLS, no compression.
 */
export const loopbackTransport = (url: string): ExportTransport => ({
  send: (signal: SignalType, body: Uint8Array, { timeoutMs }): Promise<ExportOutcome> =>
    new Promise((resolve) => {
      const req = request(
        `${url}/v1/${signal}`,
        {
          method: 'POST',
          agent: false,
          timeout: timeoutMs,
          headers: { 'content-type': 'application/x-protobuf', 'content-length': body.byteLength },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            resolve(
              status >= 200 && status < 300
                ? { status: 'success' }
                : { status: 'failed', reason: `HTTP ${status}` },
            );
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error) => resolve({ status: 'failed', reason: error.message }));
      req.end(body);
    }),
  shutdown: () => Promise.resolve(),
});
