import { SpanKind } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import {
  AddSpanEventCommand,
  EndSpanCommand,
  InitializeSDKCommand,
  SetSpanAttributesCommand,
  SetSpanStatusCommand,
  StartSpanCommand,
  UpdateSpanNameCommand,
} from '../src/index.js';
import { makeSdk } from './fakes.js';

const running = (overrides = {}) => {
  const sdk = makeSdk(overrides);
  sdk.commands.dispatch(new InitializeSDKCommand(sdk.state.config));
  return sdk;
};

describe('span handlers', () => {
  it('start a span with its kind, attributes, parent and start time, and return its id', () => {
    const { commands, ports, stats } = running();
    const command = new StartSpanCommand(
      'GET /orders',
      SpanKind.SERVER,
      { route: '/orders' },
      '00000000000000aa',
    );
    const id = commands.dispatch(command);
    expect(id).toBe('0000000000000001');
    expect(ports.tracing.spans[0]).toMatchObject({
      name: 'GET /orders',
      kind: 'server',
      attributes: { route: '/orders' },
      parentSpanId: '00000000000000aa',
    });
    expect(stats.recorded('traces')).toBe(1);
  });

  it('turn an unknown kind into INTERNAL and an empty parent id into none', () => {
    const { commands, ports } = running();
    commands.dispatch(new StartSpanCommand('s', 'sideways' as never, undefined, ''));
    expect(ports.tracing.spans[0]).toMatchObject({ kind: 'internal', parentSpanId: undefined });
  });

  it("return '' and count an empty name as invalid", () => {
    const { commands, ports, stats } = running();
    expect(commands.dispatch(new StartSpanCommand(''))).toBe('');
    expect(ports.tracing.spans).toEqual([]);
    expect(stats.invalid('traces')).toBe(1);
  });

  it("return '' without counting before initialize or with traces disabled", () => {
    for (const sdk of [makeSdk(), running({ enableTraces: false })]) {
      expect(sdk.commands.dispatch(new StartSpanCommand('s'))).toBe('');
      expect(sdk.stats.recorded('traces') + sdk.stats.invalid('traces')).toBe(0);
    }
  });

  it("return '' and count the refusal when the port has too many open spans", () => {
    const { commands, ports, stats } = running();
    ports.tracing.maxOpen = 1;
    expect(commands.dispatch(new StartSpanCommand('a'))).not.toBe('');
    expect(commands.dispatch(new StartSpanCommand('b'))).toBe('');
    expect(stats.recorded('traces')).toBe(1);
    expect(stats.invalid('traces')).toBe(1);
    expect(stats.lastInvalidReason).toBe('too many open spans: end the spans you start');
  });

  it('end a span with its error, once', () => {
    const { commands, ports, stats } = running();
    const id = commands.dispatch(new StartSpanCommand('s'));
    const error = new Error('x');
    expect(commands.dispatch(new EndSpanCommand(id, error))).toBe(true);
    expect(ports.tracing.spans[0]).toMatchObject({ ended: true, failure: { error } });
    expect(commands.dispatch(new EndSpanCommand(id))).toBe(false);
    expect(stats.invalid('traces')).toBe(1);
    expect(stats.lastInvalidReason).toBe('endSpan: unknown or already ended span id');
  });

  it('end a span as failed when told so, whatever was thrown; without an error it succeeded', () => {
    const { commands, ports } = running();
    const thrownUndefined = commands.dispatch(new StartSpanCommand('a'));
    const succeeded = commands.dispatch(new StartSpanCommand('b'));
    commands.dispatch(new EndSpanCommand(thrownUndefined, undefined, true));
    commands.dispatch(new EndSpanCommand(succeeded, null));
    expect(ports.tracing.spans.map((s) => s.failure)).toEqual([{ error: undefined }, undefined]);
  });

  it("treat '' (a span never recorded) as a silent no-op, and unknown ids as invalid", () => {
    const { commands, stats } = running();
    expect(commands.dispatch(new EndSpanCommand(''))).toBe(false);
    expect(commands.dispatch(new AddSpanEventCommand('', 'e'))).toBe(false);
    expect(commands.dispatch(new EndSpanCommand(undefined as never))).toBe(false);
    expect(stats.invalid('traces')).toBe(0);
    expect(commands.dispatch(new EndSpanCommand('ffffffffffffffff'))).toBe(false);
    expect(commands.dispatch(new AddSpanEventCommand('ffffffffffffffff', 'e'))).toBe(false);
    expect(stats.invalid('traces')).toBe(2);
  });

  it('add events with cleaned names and attributes to open spans', () => {
    const { commands, ports, stats } = running();
    const id = commands.dispatch(new StartSpanCommand('s'));
    expect(commands.dispatch(new AddSpanEventCommand(id, 'cache.miss', { key: 'k', bad: undefined }))).toBe(
      true,
    );
    expect(commands.dispatch(new AddSpanEventCommand(id, ''))).toBe(false);
    expect(ports.tracing.spans[0]?.events).toEqual([{ name: 'cache.miss', attributes: { key: 'k' } }]);
    expect(stats.droppedAttributes).toBe(1);
    expect(stats.lastInvalidReason).toBe('span event name is empty');
  });

  it('set attributes, rename and set the status of open spans, cleaning the input', () => {
    const { commands, ports, stats } = running();
    const id = commands.dispatch(new StartSpanCommand('GET'));
    expect(
      commands.dispatch(
        new SetSpanAttributesCommand(id, { 'http.response.status_code': 404, bad: undefined }),
      ),
    ).toBe(true);
    expect(commands.dispatch(new UpdateSpanNameCommand(id, 'GET /users/:id'))).toBe(true);
    expect(commands.dispatch(new SetSpanStatusCommand(id, 'error', 'boom'))).toBe(true);
    const span = ports.tracing.spans[0];
    expect(span?.attributesSet).toEqual([{ 'http.response.status_code': 404 }]);
    expect(span?.name).toBe('GET /users/:id');
    expect(span?.status).toEqual({ status: 'error', message: 'boom' });
    expect(stats.droppedAttributes).toBe(1);
  });

  it('keep a status message only with ERROR and turn an unknown status into UNSET', () => {
    const { commands, ports } = running();
    const id = commands.dispatch(new StartSpanCommand('s'));
    commands.dispatch(new SetSpanStatusCommand(id, 'ok', 'ignored'));
    expect(ports.tracing.spans[0]?.status).toEqual({ status: 'ok', message: undefined });
    commands.dispatch(new SetSpanStatusCommand(id, 'weird' as never));
    expect(ports.tracing.spans[0]?.status).toEqual({ status: 'unset', message: undefined });
  });

  it('count unknown spans and unusable input as invalid, and ignore the empty id silently', () => {
    const { commands, stats } = running();
    const id = commands.dispatch(new StartSpanCommand('s'));
    expect(commands.dispatch(new UpdateSpanNameCommand('', 'x'))).toBe(false);
    expect(commands.dispatch(new SetSpanAttributesCommand('', { a: 1 }))).toBe(false);
    expect(stats.invalid('traces')).toBe(0);
    expect(commands.dispatch(new UpdateSpanNameCommand(id, ''))).toBe(false);
    expect(stats.lastInvalidReason).toBe('updateSpanName: span name is empty');
    expect(commands.dispatch(new SetSpanAttributesCommand(id, 'x' as never))).toBe(false);
    expect(stats.lastInvalidReason).toBe('setSpanAttributes: no attributes');
    expect(commands.dispatch(new SetSpanStatusCommand('ffffffffffffffff', 'ok'))).toBe(false);
    expect(stats.lastInvalidReason).toBe('setSpanStatus: unknown or already ended span id');
    expect(stats.invalid('traces')).toBe(3);
  });
});
