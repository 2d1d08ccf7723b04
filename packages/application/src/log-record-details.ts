import { SeverityLevel } from '@telemetryflow/domain';
import { cutText } from './recording-rules.js';

/** Longest `severityText` kept, in characters. */
const MAX_SEVERITY_TEXT_LENGTH = 64;

/** The level of each range of four OTLP severity numbers: 1–4 TRACE, 5–8 DEBUG, … 21–24 FATAL. */
const LEVEL_OF_RANGE = [
  SeverityLevel.TRACE,
  SeverityLevel.DEBUG,
  SeverityLevel.INFO,
  SeverityLevel.WARN,
  SeverityLevel.ERROR,
  SeverityLevel.FATAL,
] as const;

/** The usable fields of a bridge's `LogRecordDetails`, as the `LoggingPort` takes them. */
export interface CleanLogDetails {
  /** The level of `severityNumber`'s range, when it is given. */
  readonly severity: SeverityLevel | undefined;
  readonly fields: {
    timestamp?: number;
    severityNumber?: number;
    severityText?: string;
    context?: object;
  };
}

const isSeverityNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 24;

/**
 * The usable part of `details`: a field that is unusable (a timestamp that is not a finite number
 * above 0, a severity number outside 1–24, an empty text, a context that is not an object) is left
 * out, so its default applies. Never throws: details that cannot be read give no fields.
 */
export const cleanLogDetails = (details: unknown): CleanLogDetails => {
  const fields: CleanLogDetails['fields'] = {};
  let severity: SeverityLevel | undefined;
  if (typeof details !== 'object' || details === null) return { severity, fields };
  try {
    const { timestamp, severityNumber, severityText, context } = details as Record<string, unknown>;
    if (typeof timestamp === 'number' && Number.isFinite(timestamp) && timestamp > 0) {
      fields.timestamp = timestamp;
    }
    if (isSeverityNumber(severityNumber)) {
      fields.severityNumber = severityNumber;
      severity = LEVEL_OF_RANGE[Math.floor((severityNumber - 1) / 4)];
    }
    if (typeof severityText === 'string' && severityText !== '') {
      fields.severityText = cutText(severityText, MAX_SEVERITY_TEXT_LENGTH);
    }
    if (typeof context === 'object' && context !== null) fields.context = context;
  } catch {
    // A getter or proxy that throws: the fields read so far are kept.
  }
  return { severity, fields };
};

/** `attributes` is an object with at least one own key (a structured log may have no message). */
export const hasOwnKeys = (attributes: unknown): boolean => {
  if (typeof attributes !== 'object' || attributes === null) return false;
  try {
    for (const key in attributes) if (Object.hasOwn(attributes, key)) return true;
  } catch {
    // unreadable: none
  }
  return false;
};
