#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { PortInUseError, startDevCollector } from './dev-collector.js';
import { LiveStream } from './live-stream.js';
import { COLOR, PLAIN } from './terminal-view.js';

const HELP = `telemetryflow-dev-collector: a local OTLP collector that shows what arrives.

  --host <addr>          listen address (default 127.0.0.1)
  --grpc-port <port>     OTLP/gRPC port (default 4317)
  --http-port <port>     OTLP/HTTP port (default 4318; /v1/* and /v2/*)
  --web-port <port>      web page port (default 4319)
  --no-web               no web page
  --max-items <n>        spans, logs and metric series kept in memory (default 2000; 120 points per series)
  --require-key <id:secret>  refuse exports with another key pair (gRPC UNAUTHENTICATED, HTTP 401)
  --jsonl <file>         also append every export to <file> as JSON lines
  --quiet                no live stream
`;

const port = (value: string | undefined, fallback: number, flag: string): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${flag} must be a port number (0-65535), got '${value}'`);
  return n;
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      'grpc-port': { type: 'string' },
      'http-port': { type: 'string' },
      'web-port': { type: 'string' },
      'no-web': { type: 'boolean' },
      'max-items': { type: 'string' },
      'require-key': { type: 'string' },
      jsonl: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(HELP);
    return;
  }
  const [keyId, keySecret] = values['require-key']?.split(':') ?? [];
  if (values['require-key'] !== undefined && (!keyId || !keySecret))
    throw new Error('--require-key must be <id>:<secret>');
  const style = process.stdout.isTTY ? COLOR : PLAIN;
  const live = new LiveStream(style);
  const collector = await startDevCollector({
    ...(values.host === undefined ? {} : { host: values.host }),
    grpcPort: port(values['grpc-port'], 4317, '--grpc-port'),
    httpPort: port(values['http-port'], 4318, '--http-port'),
    webPort: values['no-web'] === true ? false : port(values['web-port'], 4319, '--web-port'),
    maxItems: values['max-items'] === undefined ? 2000 : Math.max(1, Number(values['max-items'])),
    ...(keyId && keySecret ? { requireKey: { keyId, keySecret } } : {}),
    ...(values.jsonl === undefined ? {} : { jsonlFile: values.jsonl }),
    onBatch: (signal, views, via) => {
      if (values.quiet !== true) process.stdout.write(`${live.format(signal, views, via).join('\n')}\n`);
    },
    onRefused: (via, reason) =>
      process.stdout.write(`${style.red(`✗ refused an export via ${via}: ${reason}`)}\n`),
  });
  process.stdout.write(
    [
      style.bold('TelemetryFlow dev collector'),
      `  OTLP/gRPC  ${collector.grpcAddress}`,
      `  OTLP/HTTP  ${collector.httpUrl}  (/v1/* and /v2/*)`,
      ...(collector.webUrl === undefined ? [] : [`  web page   ${collector.webUrl}`]),
      style.dim(
        '  point the SDK here: TELEMETRYFLOW_ENDPOINT=' +
          collector.grpcAddress +
          ` TELEMETRYFLOW_INSECURE=true TELEMETRYFLOW_API_KEY_ID=${keyId ?? 'tfk_dev'}` +
          ` TELEMETRYFLOW_API_KEY_SECRET=${keySecret === undefined ? 'tfs_dev' : '<your --require-key secret>'}` +
          ' TELEMETRYFLOW_SERVICE_NAME=my-service',
      ),
      style.dim('  Ctrl-C to stop'),
      '',
    ].join('\n'),
  );
  const stop = () => {
    void collector.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof PortInUseError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
