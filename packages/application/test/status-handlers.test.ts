import { describe, expect, it } from 'vitest';
import {
  GetHealthQuery,
  GetSDKStatusQuery,
  InitializeSDKCommand,
  RecordCounterCommand,
  ShutdownSDKCommand,
  StartSpanCommand,
  EmitBatchLogsCommand,
  EmitLogCommand,
  EndSpanCommand,
  dropStoppedItems,
  dropStoppedRecording,
} from '../src/index.js';
import { idleStats, makeSdk } from './fakes.js';

describe('dropStoppedRecording', () => {
  it('counts the items a recording after shutdown would have added as recorded and dropped', async () => {
    const all = makeSdk({ enableMetrics: false });
    const { commands, queries, state } = all;
    commands.dispatch(new InitializeSDKCommand(state.config));
    await commands.dispatch(new ShutdownSDKCommand(100));
    expect(state).toMatchObject({ initialized: false, hasRun: true });
    dropStoppedRecording(all, new EmitLogCommand('a'));
    dropStoppedRecording(all, new EmitBatchLogsCommand([new EmitLogCommand('b'), new EmitLogCommand('c')]));
    dropStoppedRecording(all, new StartSpanCommand('s'));
    dropStoppedRecording(all, new EndSpanCommand('0000000000000001')); // adds no item
    dropStoppedRecording(all, new RecordCounterCommand('c')); // metrics are disabled
    dropStoppedItems(all, 'metrics'); // the same, without a command (the client's metric calls)
    dropStoppedItems(all, 'traces', 2);
    const { signals } = queries.dispatch(new GetSDKStatusQuery());
    expect(signals.logs).toMatchObject({ recorded: 3, dropped: 3, invalid: 0 });
    expect(signals.traces).toMatchObject({ recorded: 3, dropped: 3, invalid: 0 });
    expect(signals.metrics).toMatchObject({ recorded: 0, dropped: 0 });
  });
});

describe('GetSDKStatusHandler', () => {
  it('reports the reference keys before initialize', () => {
    const { queries } = makeSdk();
    const status = queries.dispatch(new GetSDKStatusQuery());
    expect(status).toMatchObject({
      initialized: false,
      version: '9.9.9',
      serviceName: 'orders',
      endpoint: 'localhost:4317',
      protocol: 'grpc',
      signalsEnabled: ['metrics', 'logs', 'traces'],
      uptimeSeconds: null,
      metricsSent: 0,
      logsSent: 0,
      spansSent: 0,
      droppedAttributes: 0,
      lastInvalidReason: undefined,
    });
  });

  it('counts recordings and merges the export stats per signal', async () => {
    const { commands, queries, state, ports } = makeSdk({ enableLogs: false });
    commands.dispatch(new InitializeSDKCommand(state.config));
    commands.dispatch(new RecordCounterCommand('c'));
    commands.dispatch(new RecordCounterCommand('bad name'));
    commands.dispatch(new StartSpanCommand('s'));
    ports.status.stats.traces = {
      ...idleStats(),
      exported: 5,
      failed: 1,
      dropped: 2,
      rejected: 3,
      retries: 4,
      queued: 6,
      queuedBytes: 8,
      notSampled: 7,
      lastOutcome: 'success',
    };
    const status = queries.dispatch(new GetSDKStatusQuery());
    expect(status.initialized).toBe(true);
    expect(status.signalsEnabled).toEqual(['metrics', 'traces']);
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect([status.metricsSent, status.logsSent, status.spansSent]).toEqual([1, 0, 1]);
    expect(status.signals.metrics).toMatchObject({ recorded: 1, invalid: 1, exported: 0 });
    expect(status.signals.traces).toEqual({
      recorded: 1,
      invalid: 0,
      exported: 5,
      failed: 1,
      dropped: 2,
      rejected: 3,
      retries: 4,
      queued: 6,
      queuedBytes: 8,
      notSampled: 7,
      lastOutcome: 'success',
      lastError: undefined,
    });
    expect(status.lastInvalidReason).toBe("counter: invalid instrument name 'bad name'");
    await commands.dispatch(new ShutdownSDKCommand(1));
    const after = queries.dispatch(new GetSDKStatusQuery());
    expect(after.uptimeSeconds).toBeNull();
    expect(after.metricsSent).toBe(1);
  });
});

describe('GetHealthHandler', () => {
  const running = () => {
    const sdk = makeSdk();
    sdk.commands.dispatch(new InitializeSDKCommand(sdk.state.config));
    return sdk;
  };

  it('is unhealthy when not initialized', () => {
    expect(makeSdk().queries.dispatch(new GetHealthQuery())).toMatchObject({
      status: 'unhealthy',
      message: 'SDK is not initialized',
      components: {},
    });
  });

  it('is healthy when nothing failed, with a component per enabled signal', () => {
    const health = running().queries.dispatch(new GetHealthQuery());
    expect(health.status).toBe('healthy');
    expect(health.message).toBe('all signals exporting');
    expect(Object.keys(health.components)).toEqual(['metrics', 'logs', 'traces']);
    expect(health.components['logs']).toEqual({ status: 'healthy', message: 'nothing exported yet' });
  });

  it('is degraded when a signal retries or fails, unhealthy when all fail', () => {
    const { queries, ports } = running();
    ports.status.stats.logs = { ...idleStats(), lastOutcome: 'retrying', lastError: 'UNAVAILABLE' };
    ports.status.stats.metrics = { ...idleStats(), lastOutcome: 'success' };
    let health = queries.dispatch(new GetHealthQuery());
    expect(health.status).toBe('degraded');
    expect(health.message).toBe('1 of 3 signals not exporting');
    expect(health.components['logs']).toEqual({
      status: 'degraded',
      message: 'retrying export: UNAVAILABLE',
    });
    expect(health.components['metrics']).toEqual({ status: 'healthy', message: 'last export succeeded' });
    for (const s of ['metrics', 'logs', 'traces'] as const) {
      ports.status.stats[s] = { ...idleStats(), lastOutcome: 'failed', lastError: 'PERMISSION_DENIED' };
    }
    health = queries.dispatch(new GetHealthQuery(false));
    expect(health.status).toBe('unhealthy');
    expect(health.components).toEqual({});
  });
});
