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
 * Where to look for a transport package: next to this package, then next to the application's
 * entry script, then from the working directory. With pnpm's strict layout the transport is the
 * application's dependency, not ours, so only the application's location can see it.
 */
export const searchBases = (): string[] => [
  import.meta.url,
  ...(process.argv[1] === undefined ? [] : [process.argv[1]]),
  join(process.cwd(), 'package.json'),
];

export const requireTransport = (name: string, bases: readonly string[] = searchBases()): unknown => {
  let missing: unknown;
  for (const base of bases) {
    try {
      return createRequire(base)(name);
    } catch (error) {
      if (!isMissing(error, name)) throw error;
      missing ??= error;
    }
  }
  throw missing;
};

/**
 * Loads the installed transport package for `protocol` and returns its `createTransport`.
 * @throws {BuilderError} naming the package to install when it is not installed.
 */
export const resolveTransportFactory = (
  protocol: Protocol,
  load: (name: string) => unknown = (name) => requireTransport(name),
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
