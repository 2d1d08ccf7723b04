import { cutText } from '@telemetryflow/application';
import type { CleanAttributes } from '@telemetryflow/application';
import type { AttributeValue } from '@telemetryflow/domain';

/** An attribute count limit and a value length limit (characters). */
export interface AttributeLimits {
  readonly count: number;
  readonly valueLength: number;
}

/**
 * The limits of a configuration section: the general ones (`config`, for metrics),
 * `config.spanLimits` or `config.logRecordLimits`.
 */
export const attributeLimitsOf = (limits: {
  readonly attributeCountLimit: number;
  readonly attributeValueLengthLimit: number;
}): AttributeLimits => ({ count: limits.attributeCountLimit, valueLength: limits.attributeValueLengthLimit });

const tooLong = (value: AttributeValue | undefined, max: number): boolean => {
  if (typeof value === 'string') return value.length > max;
  if (!Array.isArray(value)) return false;
  for (const v of value as readonly unknown[]) if (typeof v === 'string' && v.length > max) return true;
  return false;
};

/** Cut values are copies: a slice would keep the whole source string alive while the item is held. */
const truncate = (value: AttributeValue, max: number): AttributeValue => {
  if (typeof value === 'string') return cutText(value, max);
  if (!Array.isArray(value)) return value;
  return (value as readonly unknown[]).map((v) =>
    typeof v === 'string' ? cutText(v, max) : v,
  ) as AttributeValue;
};

/**
 * The attributes within `limits`, as OpenTelemetry applies them to spans and log records: the
 * first `count` attributes are kept, string values (and strings in arrays) are cut to
 * `valueLength` characters, as copies that hold nothing of the originals. For metric recordings,
 * whose series live as long as the client. Returns the same object when it is already within (the
 * usual case).
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

/**
 * String values (and strings in arrays) cut to `valueLength` characters as copies, leaving the
 * attribute count to OpenTelemetry (which reports what it drops as `droppedAttributesCount` on
 * spans, events and log records). OpenTelemetry's own cut is a slice, which would keep the whole
 * source string alive while the item waits in the queue. The same object when nothing is too long.
 */
export const cutAttributeValues = (
  attributes: CleanAttributes | undefined,
  valueLength: number,
): CleanAttributes | undefined => {
  if (attributes === undefined) return undefined;
  let cut: Record<string, AttributeValue> | undefined;
  for (const key in attributes) {
    if (!Object.hasOwn(attributes, key)) continue;
    const value = attributes[key];
    if (value === undefined || !tooLong(value, valueLength)) continue;
    cut ??= { ...attributes };
    cut[key] = truncate(value, valueLength);
  }
  return cut ?? attributes;
};
