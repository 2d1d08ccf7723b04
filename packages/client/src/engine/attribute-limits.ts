import type { CleanAttributes } from '@telemetryflow/application';
import type { AttributeValue } from '@telemetryflow/domain';

/** `attributeCountLimit` and `attributeValueLengthLimit` of the configuration. */
export interface AttributeLimits {
  readonly count: number;
  readonly valueLength: number;
}

const tooLong = (value: AttributeValue | undefined, max: number): boolean => {
  if (typeof value === 'string') return value.length > max;
  if (!Array.isArray(value)) return false;
  for (const v of value as readonly unknown[]) if (typeof v === 'string' && v.length > max) return true;
  return false;
};

const truncate = (value: AttributeValue, max: number): AttributeValue => {
  if (typeof value === 'string') return value.length > max ? value.slice(0, max) : value;
  if (!Array.isArray(value)) return value;
  return (value as readonly unknown[]).map((v) =>
    typeof v === 'string' && v.length > max ? v.slice(0, max) : v,
  ) as AttributeValue;
};

/**
 * The attributes within `limits`, as OpenTelemetry applies them to spans and log records: the
 * first `count` attributes are kept, string values (and strings in arrays) are cut to
 * `valueLength` characters. Returns the same object when it is already within (the usual case).
 */
export const limitAttributes = (
  attributes: CleanAttributes | undefined,
  { count, valueLength }: AttributeLimits,
): CleanAttributes | undefined => {
  if (attributes === undefined) return undefined;
  let seen = 0;
  let within = true;
  for (const key in attributes) {
    if (!Object.hasOwn(attributes, key)) continue;
    if (++seen > count || tooLong(attributes[key], valueLength)) {
      within = false;
      break;
    }
  }
  if (within) return attributes;
  const limited: Record<string, AttributeValue> = {};
  let kept = 0;
  for (const key in attributes) {
    if (!Object.hasOwn(attributes, key)) continue;
    if (kept++ >= count) break;
    const value = attributes[key];
    if (value !== undefined) limited[key] = truncate(value, valueLength);
  }
  return limited;
};
