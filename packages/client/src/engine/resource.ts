import { containerDetector } from '@opentelemetry/resource-detector-container';
import {
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { Resource, ResourceDetector } from '@opentelemetry/resources';
import type { ResourceDetectorName, TelemetryConfig } from '@telemetryflow/domain';
import { SDK_VERSION } from '../version.js';

/**
 * The OpenTelemetry detector of each name. `env` has none here: `OTEL_RESOURCE_ATTRIBUTES` is read
 * by the builder (with its validation and precedence) into the custom attributes, which it leaves
 * out when `env` is not selected.
 */
const DETECTORS: Readonly<Record<ResourceDetectorName, ResourceDetector | undefined>> = {
  env: undefined,
  host: hostDetector,
  os: osDetector,
  process: processDetector,
  container: containerDetector,
};

/**
 * The resource every signal carries: what the configured `resourceDetectors` find (from
 * `@opentelemetry/resources` and `@opentelemetry/resource-detector-container`), then this SDK, a
 * per-client instance id, and the configured service attributes and custom attributes on top.
 * Some detected values come later (`host.id`, `container.id`): the export pipeline waits for
 * `waitForAsyncAttributes()` before it encodes a request.
 */
export const createResource = (config: TelemetryConfig, instanceId: string): Resource => {
  const detectors = config.resourceDetectors.flatMap((name) => DETECTORS[name] ?? []);
  const detected = detectors.length === 0 ? undefined : detectResources({ detectors });
  const own = resourceFromAttributes({
    'telemetry.sdk.name': 'telemetryflow',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': SDK_VERSION,
    'service.instance.id': instanceId,
    ...config.getResourceAttributes(),
  });
  return detected === undefined ? own : detected.merge(own);
};
