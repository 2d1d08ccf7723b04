type Obj = Record<string, unknown>;

const DATA_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/** The data points of a decoded OTLP metric, whatever its kind. */
export const dataPointsOf = (metric: Obj): Obj[] => {
  for (const kind of DATA_KINDS) {
    const data = metric[kind] as { dataPoints?: unknown } | undefined;
    if (data !== undefined) return Array.isArray(data.dataPoints) ? (data.dataPoints as Obj[]) : [];
  }
  return [];
};
