// A cheap loopback OTLP/gRPC sink in its own process (forked by the hot-path, burst and ceiling
// scenarios): a bare `node:http2` server that speaks just enough gRPC to answer every Export with
// OK. It gunzips a compressed message and counts the items of each request by walking the outer
// protobuf fields only (resource → scope → items, each item skipped by its length), so it costs
// far less per item than the client that sends them: what limits delivery is the sending side.
// Same IPC protocol as receiver-child.js:
//   parent → { type: 'counts' }  → child answers { type: 'counts', traces, logs, metrics, requests, bytes, cpuMs }
//   child  → { type: 'ready', address } once listening.
import { createServer, constants } from 'node:http2';
import { gunzipSync } from 'node:zlib';

const counts = { traces: 0, logs: 0, metrics: 0, requests: 0, bytes: 0 };

const SIGNAL_OF_PATH = {
  '/opentelemetry.proto.collector.trace.v1.TraceService/Export': 'traces',
  '/opentelemetry.proto.collector.logs.v1.LogsService/Export': 'logs',
  '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export': 'metrics',
};

/** Reads a varint at `pos`; returns [value, next position]. */
const varint = (buf, pos) => {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, pos];
    shift += 7;
  }
};

/**
 * Calls `each(start, end)` for every length-delimited field `field` in buf[start, end); skips the
 * rest. The three Export requests share one shape: field 1 (resource_*) → field 2 (scope_*) →
 * field 2 (spans / log_records / metrics).
 */
const fields = (buf, start, end, field, each) => {
  let pos = start;
  while (pos < end) {
    let key;
    [key, pos] = varint(buf, pos);
    const wire = key & 7;
    if (wire === 0) [, pos] = varint(buf, pos);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      let length;
      [length, pos] = varint(buf, pos);
      if (key >>> 3 === field) each(pos, pos + length);
      pos += length;
    } else return; // groups: not in OTLP
  }
};

const itemsOf = (message) => {
  let items = 0;
  fields(message, 0, message.length, 1, (rs, re) =>
    fields(message, rs, re, 2, (ss, se) =>
      fields(message, ss, se, 2, () => {
        items++;
      }),
    ),
  );
  return items;
};

// An empty Export*ServiceResponse: one uncompressed gRPC frame of length 0.
const EMPTY_RESPONSE = Buffer.alloc(5);

const server = createServer();
server.on('stream', (stream, headers) => {
  const signal = SIGNAL_OF_PATH[headers[constants.HTTP2_HEADER_PATH]];
  const chunks = [];
  stream.on('data', (chunk) => chunks.push(chunk));
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    let status = 0;
    try {
      for (let pos = 0; pos + 5 <= body.length;) {
        const compressed = body[pos] === 1;
        const length = body.readUInt32BE(pos + 1);
        const frame = body.subarray(pos + 5, pos + 5 + length);
        pos += 5 + length;
        counts.bytes += length;
        const message = compressed ? gunzipSync(frame) : frame;
        if (signal !== undefined) counts[signal] += itemsOf(message);
        counts.requests++;
      }
    } catch {
      status = 13; // INTERNAL
    }
    if (stream.destroyed) return;
    stream.respond(
      { [constants.HTTP2_HEADER_STATUS]: 200, 'content-type': 'application/grpc' },
      { waitForTrailers: true },
    );
    stream.on('wantTrailers', () =>
      stream.sendTrailers({ 'grpc-status': String(signal === undefined ? 12 : status) }),
    );
    stream.end(signal === undefined ? undefined : EMPTY_RESPONSE);
  });
  stream.on('error', () => undefined);
});
server.on('sessionError', () => undefined);

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.send({ type: 'ready', address: `127.0.0.1:${port}` });
});

process.on('message', (message) => {
  if (message?.type === 'counts') {
    const cpu = process.cpuUsage();
    process.send({ type: 'counts', ...counts, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
});
process.on('disconnect', () => {
  server.close();
  setTimeout(() => process.exit(0), 200).unref();
});
