import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BuilderError, Protocol } from '@telemetryflow/domain';
import type { ExportTransportFactory } from '@telemetryflow/domain';

/** The npm package that provides the transport for each protocol. */
export const TRANSPORT_PACKAGES: Readonly<Record<Protocol, string>> = Object.freeze({
  [Protocol.GRPC]: '@telemetryflow/infrastructure-grpc',
  [Protocol.HTTP]: '@telemetryflow/infrastructure-http',
});

interface TransportModule {
  readonly createTransport?: unknown;
}

const isMissing = (error: unknown, name: string): boolean =>
  (error as { code?: string }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(name);

/**
 * Requires `name` as this package would, else as the application would (from the working
 * directory): with pnpm's strict layout the transport is the app's dependency, not ours.
 */
const requireTransport = (name: string): unknown => {
  try {
    return createRequire(import.meta.url)(name);
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    return createRequire(join(process.cwd(), 'package.json'))(name);
  }
};

/**
 * Loads the installed transport package for `protocol` and returns its `createTransport`.
 * @throws {BuilderError} naming the package to install when it is not installed.
 */
export const resolveTransportFactory = (
  protocol: Protocol,
  load: (name: string) => unknown = requireTransport,
): ExportTransportFactory => {
  const name = TRANSPORT_PACKAGES[protocol];
  let module: TransportModule;
  try {
    module = load(name) as TransportModule;
  } catch (error) {
    const message = isMissing(error, name)
      ? `the ${protocol} transport is not installed: run \`npm install ${name}\` (or pass one with withExporter())`
      : `the ${protocol} transport ${name} failed to load: ${(error as Error).message}`;
    throw new BuilderError([{ field: 'protocol', message }], error);
  }
  if (typeof module.createTransport !== 'function') {
    throw new BuilderError([{ field: 'protocol', message: `${name} does not export createTransport()` }]);
  }
  return module.createTransport as ExportTransportFactory;
};
