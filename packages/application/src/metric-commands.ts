import type { Attributes } from '@telemetryflow/domain';

/** A generic metric value: recorded as a gauge with its unit (the TelemetryFlow Python SDK drops the unit). */
export class RecordMetricCommand {
  readonly type = 'RecordMetric';
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly attributes: Attributes | undefined;

  constructor(name: string, value: number, unit = '', attributes?: Attributes) {
    this.name = name;
    this.value = value;
    this.unit = unit;
    this.attributes = attributes;
  }
}

/** Add a non-negative value to a monotonic counter. */
export class RecordCounterCommand {
  readonly type = 'RecordCounter';
  readonly name: string;
  readonly value: number;
  readonly attributes: Attributes | undefined;

  constructor(name: string, value = 1, attributes?: Attributes) {
    this.name = name;
    this.value = value;
    this.attributes = attributes;
  }
}

/** Set a gauge; the last value recorded in an export interval wins. */
export class RecordGaugeCommand {
  readonly type = 'RecordGauge';
  readonly name: string;
  readonly value: number;
  readonly attributes: Attributes | undefined;

  constructor(name: string, value: number, attributes?: Attributes) {
    this.name = name;
    this.value = value;
    this.attributes = attributes;
  }
}

/** Record a non-negative value into a histogram; `unit` applies when the instrument is created. */
export class RecordHistogramCommand {
  readonly type = 'RecordHistogram';
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly attributes: Attributes | undefined;

  constructor(name: string, value: number, unit = '', attributes?: Attributes) {
    this.name = name;
    this.value = value;
    this.unit = unit;
    this.attributes = attributes;
  }
}
