import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TRANSPORT_PACKAGES } from '@telemetryflow/client';
import type { Protocol } from '@telemetryflow/client';
import { describeConfig, formatConfigReport } from '../config/describe-config.js';
import { redactorFor } from '../config/redact.js';
import type { Io } from './io.js';

/** The transport package the configured protocol needs, and whether the app in `cwd` can load it. */
const transportOf = (protocol: unknown, cwd: string): { package: string; installed: boolean } => {
  const name = TRANSPORT_PACKAGES[protocol as Protocol] ?? TRANSPORT_PACKAGES['grpc' as Protocol];
  try {
    createRequire(join(cwd, 'package.json')).resolve(name);
    return { package: name, installed: true };
  } catch {
    return { package: name, installed: false };
  }
};

/**
 * `config`: the configuration the builder makes from `io.env`, each value with its source, secrets
 * redacted; with `json`, as one JSON object. An invalid configuration prints the builder's problems.
 * @returns the exit code: 0, or 1 when the builder refuses the configuration
 */
export const runConfig = (flags: { json?: boolean }, io: Io): number => {
  const redact = redactorFor(io.env);
  const report = describeConfig(io.env);
  if (!report.ok) {
    if (flags.json === true) io.stdout(redact(`${JSON.stringify(report, null, 2)}\n`));
    const problems = report.problems.map((p) => `  - ${p.field}: ${p.message}\n`).join('');
    // The title of the BuilderError's message; its problems follow, one a line.
    const title = report.message.split(': ')[0] ?? report.message;
    const disabled = report.disabled
      ? 'OTEL_SDK_DISABLED=true: the app gets a no-op client; once enabled, this configuration is refused:\n'
      : '';
    io.stderr(redact(`${disabled}BuilderError: ${title}:\n${problems}`));
    return 1;
  }
  const protocol = report.rows.find((r) => r.setting === 'protocol')?.value;
  const transport = transportOf(protocol, io.cwd);
  if (flags.json === true) {
    io.stdout(redact(`${JSON.stringify({ ...report, transport }, null, 2)}\n`));
    return 0;
  }
  const found = transport.installed
    ? `installed (from ${io.cwd})`
    : `not installed in ${io.cwd}: npm install ${transport.package}`;
  io.stdout(redact(`${formatConfigReport(report)}\ntransport: ${transport.package}, ${found}\n`));
  return 0;
};
