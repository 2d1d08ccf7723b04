import type { SignalType } from '@telemetryflow/domain';
import type { Sdk, SdkCommand } from './buses.js';

/** The signal each recording command adds an item to; the other commands (ending or annotating a span) add none. */
const ITEM_SIGNAL: Readonly<Partial<Record<SdkCommand['type'], SignalType>>> = {
  RecordMetric: 'metrics',
  RecordCounter: 'metrics',
  RecordGauge: 'metrics',
  RecordHistogram: 'metrics',
  EmitLog: 'logs',
  EmitBatchLogs: 'logs',
  StartSpan: 'traces',
};

/**
 * Accounts for `items` recordings of `signal` made after `shutdown()`: not run, and counted as
 * recorded and dropped when the signal is enabled, so that every recorded item is still accounted
 * for exactly once. For a caller that records without a command object (the client's metric, span
 * and log calls).
 */
export const dropStoppedItems = (sdk: Sdk, signal: SignalType, items = 1): void => {
  if (!sdk.state.config.getEnabledSignals().includes(signal)) return;
  sdk.stats.dropStopped(signal, items);
};

/**
 * Accounts for a recording command made after `shutdown()`: it is not run, and the items it would
 * have added to an enabled signal are counted as recorded and dropped. Calls before the first
 * `initialize()` are the caller's to refuse (the TelemetryFlow Python SDK throws there).
 */
export const dropStoppedRecording = (sdk: Sdk, command: SdkCommand): void => {
  const signal = ITEM_SIGNAL[command.type];
  if (signal === undefined) return;
  dropStoppedItems(sdk, signal, command.type === 'EmitBatchLogs' ? command.logs.length : 1);
};
