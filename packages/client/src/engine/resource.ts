import { hostname } from 'node:os';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import type { TelemetryConfig } from '@telemetryflow/domain';
import { SDK_VERSION } from '../version.js';

/**
 * The resource every signal carries: this SDK, the host and process, a per-client instance id,
 * then the configured service attributes and custom attributes on top.
 */
export const createResource = (config: TelemetryConfig, instanceId: string): Resource =>
  resourceFromAttributes({
    'telemetry.sdk.name': 'telemetryflow',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': SDK_VERSION,
    'host.name': hostname(),
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'service.instance.id': instanceId,
    ...config.getResourceAttributes(),
  });
