// A loopback OTLP/gRPC receiver in its own process (forked by the export scenario), so that the
// measured process only does the client's work. It decodes every request (that costs CPU), keeps
// none of them, and counts what it accepted. IPC protocol:
//   parent → { type: 'counts' }  → child answers { type: 'counts', traces, logs, metrics, requests, cpuMs }
//   child  → { type: 'ready', address } once listening.
import { startGrpcReceiver } from '@telemetryflow-internal/dev-collector';

const counts = { traces: 0, logs: 0, metrics: 0, requests: 0 };

const itemsOf = (signal, request) => {
  let items = 0;
  if (signal === 'traces') {
    for (const rs of request.resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? []) items += ss.spans?.length ?? 0;
  } else if (signal === 'logs') {
    for (const rl of request.resourceLogs ?? [])
      for (const sl of rl.scopeLogs ?? []) items += sl.logRecords?.length ?? 0;
  } else {
    for (const rm of request.resourceMetrics ?? [])
      for (const sm of rm.scopeMetrics ?? []) items += sm.metrics?.length ?? 0;
  }
  return items;
};

const receiver = await startGrpcReceiver({
  retain: 0,
  onAccepted: (signal, request) => {
    counts[signal] += itemsOf(signal, request);
    counts.requests++;
  },
});

process.on('message', (message) => {
  if (message?.type === 'counts') {
    const cpu = process.cpuUsage();
    process.send({ type: 'counts', ...counts, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
});
process.on('disconnect', () => {
  void receiver.close().then(() => process.exit(0));
});
process.send({ type: 'ready', address: receiver.address });
