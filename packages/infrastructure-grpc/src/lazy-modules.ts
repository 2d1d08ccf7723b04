import type * as Grpc from '@grpc/grpc-js';
import type * as OtlpGrpc from '@opentelemetry/otlp-grpc-exporter-base';
import type * as Transformer from '@opentelemetry/otlp-transformer';

let grpc: typeof Grpc | undefined;
let transformer: typeof Transformer | undefined;
let otlpGrpc: typeof OtlpGrpc | undefined;
let loading: Promise<void> | undefined;

/**
 * A CommonJS module's exports from `import()`: Node gives them as `default` (and as named exports
 * when it can detect them); bundlers give the namespace or `default`, depending on their mode.
 */
const exportsOf = <T>(namespace: unknown, member: string): T => {
  const ns = namespace as Record<string, unknown>;
  return (member in ns ? ns : ns['default']) as T;
};

/**
 * Loads `@grpc/grpc-js`, `@opentelemetry/otlp-transformer` (its response deserializers) and
 * `@opentelemetry/otlp-grpc-exporter-base` (its credentials and metadata helpers; it loads the
 * OpenTelemetry exporter base and transformer) once, at the first export, never at import: the client's `initialize()` does not pay for grpc-js
 * (most of a cold start), and apps that register instrumentation before their first export see it
 * loaded after. `import()` of a literal name, not `createRequire(import.meta.url)`, so bundlers
 * (esbuild, webpack, Rollup) see them and include them: a bundle runs without a `node_modules`.
 */
export const loadModules = (): Promise<void> =>
  (loading ??= Promise.all([
    import('@grpc/grpc-js'),
    import('@opentelemetry/otlp-transformer'),
    import('@opentelemetry/otlp-grpc-exporter-base'),
  ]).then(
    ([g, t, o]) => {
      grpc = exportsOf<typeof Grpc>(g, 'Client');
      transformer = exportsOf<typeof Transformer>(t, 'ProtobufTraceSerializer');
      otlpGrpc = exportsOf<typeof OtlpGrpc>(o, 'createSslCredentials');
    },
    (error: unknown) => {
      loading = undefined; // a later export tries again
      throw error;
    },
  ));

const notLoaded = (name: string): Error => new Error(`${name} is used before loadModules() resolved`);

/** `@grpc/grpc-js`, once `loadModules()` has resolved. */
export const loadGrpc = (): typeof Grpc =>
  grpc ??
  (() => {
    throw notLoaded('@grpc/grpc-js');
  })();

/** `@opentelemetry/otlp-transformer`, once `loadModules()` has resolved. */
export const loadTransformer = (): typeof Transformer =>
  transformer ??
  (() => {
    throw notLoaded('@opentelemetry/otlp-transformer');
  })();

/** `@opentelemetry/otlp-grpc-exporter-base`, once `loadModules()` has resolved. */
export const loadOtlpGrpc = (): typeof OtlpGrpc =>
  otlpGrpc ??
  (() => {
    throw notLoaded('@opentelemetry/otlp-grpc-exporter-base');
  })();
