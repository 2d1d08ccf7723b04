import { createRequire } from 'node:module';
import { BuilderError, Protocol } from '@telemetryflow/domain';
import type { ExportTransportFactory } from '@telemetryflow/domain';

/** The npm package that provides the transport for each protocol. */
export const TRANSPORT_PACKAGES: Readonly<Record<Protocol, string>> = Object.freeze({
  [Protocol.GRPC]: '@telemetryflow/infrastructure-grpc',
  [Protocol.HTTP]: '@telemetryflow/infrastructure-http',
});

/** The factory each transport package exports, for the explicit form in messages. */
const FACTORIES: Readonly<Record<Protocol, string>> = {
  [Protocol.GRPC]: 'createGrpcTransport',
  [Protocol.HTTP]: 'createHttpTransport',
};

interface TransportModule {
  readonly createTransport?: unknown;
}

const isMissing = (error: unknown, name: string): boolean =>
  (error as { code?: string }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(name);

/**
 * This module's own file URL, where the transports are looked up: they are optional peer
 * dependencies of `@telemetryflow/client`, so every package manager links them next to it (npm
 * hoists them beside it, pnpm links them into its folder, even with `hoist=false`). `undefined`
 * in a CommonJS bundle, where esbuild and others leave `import.meta` empty.
 */
export const ownLocation = (
  // `import.meta.url`, not `import.meta`: the CommonJS build's shim replaces only the former.
  meta: { readonly url?: unknown } = { url: import.meta.url },
): string | undefined => (typeof meta.url === 'string' && meta.url !== '' ? meta.url : undefined);

/**
 * `require(name)` from `base`, the file the package is looked up from (a path or file URL).
 * @throws {Error} with `code: 'MODULE_NOT_FOUND'` when `base` is `undefined` (a bundle) or the
 * package is not found from it; whatever loading the package throws
 */
export const requireTransport = (name: string, base: string | undefined): unknown => {
  if (base === undefined) {
    throw Object.assign(new Error(`Cannot find module '${name}': @telemetryflow/client is bundled`), {
      code: 'MODULE_NOT_FOUND',
      bundled: true,
    });
  }
  return createRequire(base)(name);
};

/** What to do when the transport package cannot be loaded by name. */
const missingMessage = (protocol: Protocol, name: string, bundled: boolean): string => {
  const explicit = `import { ${FACTORIES[protocol]} } from '${name}' and pass \`.withExporter(${FACTORIES[protocol]}())\``;
  return bundled
    ? `the ${protocol} transport cannot be loaded by name from a bundle: ${explicit} (see docs/INSTALLING.md, Bundling and serverless)`
    : `the ${protocol} transport is not installed: run \`npm install ${name}\` (an optional peer dependency of @telemetryflow/client, installed next to it), or ${explicit}`;
};

/**
 * Loads the installed transport package for `protocol` and returns its `createTransport`: what
 * `withGrpc()` / `withHttp()` (and the default protocol) resolve to when `withExporter()` is not
 * given a transport.
 * @throws {BuilderError} saying what to install, or what to pass to `withExporter()` when the
 * package cannot be loaded by name (a bundle)
 */
export const resolveTransportFactory = (
  protocol: Protocol,
  load: (name: string) => unknown = (name) => requireTransport(name, ownLocation()),
): ExportTransportFactory => {
  const name = TRANSPORT_PACKAGES[protocol];
  let module: TransportModule;
  try {
    module = load(name) as TransportModule;
  } catch (error) {
    const message = isMissing(error, name)
      ? missingMessage(protocol, name, (error as { bundled?: boolean }).bundled === true)
      : `the ${protocol} transport ${name} failed to load: ${(error as Error).message}`;
    throw new BuilderError([{ field: 'protocol', message }], error);
  }
  if (typeof module.createTransport !== 'function') {
    throw new BuilderError([{ field: 'protocol', message: `${name} does not export createTransport()` }]);
  }
  return module.createTransport as ExportTransportFactory;
};
