import { containerDetector } from '@opentelemetry/resource-detector-container';
import {
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { DetectedResourceAttributes, Resource, ResourceDetector } from '@opentelemetry/resources';
import { createRedactor } from '@telemetryflow/domain';
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

type Value = DetectedResourceAttributes[string];

/**
 * `detector` with the configuration's secrets (the API key secret, custom header values) replaced
 * by `[REDACTED]` in the text it detects: `process.command_args` is the whole command line, and a
 * secret passed as an argument must not be exported with every request.
 */
const redacting = (detector: ResourceDetector, redact: (text: string) => string): ResourceDetector => {
  const clean = (value: Value): Value => {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? redact(v) : v)) as Value;
    if (value instanceof Promise) return value.then(clean);
    return value;
  };
  return {
    detect: (config) => {
      const { attributes } = detector.detect(config);
      if (attributes === undefined) return {};
      return { attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, clean(v)])) };
    },
  };
};

/**
 * The resource every signal carries: what the configured `resourceDetectors` find (from
 * `@opentelemetry/resources` and `@opentelemetry/resource-detector-container`), then this SDK, a
 * per-client instance id, and the configured service attributes and custom attributes on top.
 * Some detected values come later (`host.id`, `container.id`): the export pipeline waits for
 * `waitForAsyncAttributes()` before it encodes a request.
 */
export const createResource = (config: TelemetryConfig, instanceId: string): Resource => {
  const redact = createRedactor(config.getSecretValues());
  const detectors = config.resourceDetectors.flatMap((name) => {
    const detector = DETECTORS[name];
    return detector === undefined ? [] : [redacting(detector, redact)];
  });
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
