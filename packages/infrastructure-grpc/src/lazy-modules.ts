import { createRequire } from 'node:module';
import type * as Grpc from '@grpc/grpc-js';
import type * as Transformer from '@opentelemetry/otlp-transformer';

const load = createRequire(import.meta.url);

let grpc: typeof Grpc | undefined;
let transformer: typeof Transformer | undefined;

/**
 * `@grpc/grpc-js`, required on first use (when a transport is created), never at import: apps
 * that export over HTTP do not pay for it, and instrumentation registered before the client
 * starts sees it loaded.
 */
export const loadGrpc = (): typeof Grpc => (grpc ??= load('@grpc/grpc-js') as typeof Grpc);

/** `@opentelemetry/otlp-transformer` (its response deserializers), required on first use. */
export const loadTransformer = (): typeof Transformer =>
  (transformer ??= load('@opentelemetry/otlp-transformer') as typeof Transformer);
