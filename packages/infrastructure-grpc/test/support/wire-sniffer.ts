import { createServer } from 'node:http2';
import type { Http2Server, Http2Session, IncomingHttpHeaders } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One gRPC request as it crossed the wire. */
export interface WireRequest {
  readonly headers: IncomingHttpHeaders;
  /** The message frame's compressed flag (byte 0 of the length-prefixed message). */
  readonly compressedFlag: number;
  /** Bytes of the message on the wire (after the 5-byte prefix). */
  readonly wireBytes: number;
  /** The message, gunzipped when the flag says so. */
  readonly message: Buffer;
}

/**
 * A bare HTTP/2 endpoint that answers every gRPC call with OK and records the request as it
 * arrived: grpc-js servers strip `grpc-encoding` and decompress before handlers see anything.
 */
export const startWireSniffer = async (): Promise<{
  address: string;
  requests: WireRequest[];
  /** HTTP/2 connections opened to it so far (a grpc-js channel opens one). */
  connections(): number;
  close(): Promise<void>;
}> => {
  const requests: WireRequest[] = [];
  const server: Http2Server = createServer();
  const sessions = new Set<Http2Session>();
  let connections = 0;
  server.on('session', (session) => {
    connections += 1;
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const frame = Buffer.concat(chunks);
      const compressedFlag = frame.readUInt8(0);
      const payload = frame.subarray(5, 5 + frame.readUInt32BE(1));
      requests.push({
        headers,
        compressedFlag,
        wireBytes: payload.byteLength,
        message: compressedFlag === 1 ? gunzipSync(payload) : payload,
      });
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.alloc(5)); // an empty, uncompressed response message
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
};
