import { TelemetryFlowError } from '@telemetryflow/domain';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CommandBus,
  HandlerAlreadyRegisteredError,
  MessageBus,
  NoHandlerError,
  QueryBus,
  RecordCounterCommand,
  StartSpanCommand,
} from '../src/index.js';

type Ping = { readonly type: 'Ping'; readonly n: number };
type Echo = { readonly type: 'Echo'; readonly text: string };

describe('MessageBus', () => {
  it('dispatches each message to the handler registered for its type', () => {
    const bus = new MessageBus<Ping | Echo, { Ping: number; Echo: string }>('test')
      .register('Ping', { handle: (m) => m.n + 1 })
      .register('Echo', { handle: (m) => m.text.toUpperCase() });
    expect(bus.dispatch({ type: 'Ping', n: 41 })).toBe(42);
    expect(bus.dispatch({ type: 'Echo', text: 'hi' })).toBe('HI');
  });

  it('throws NoHandlerError naming the type for an unregistered type', () => {
    const bus = new MessageBus<Ping, { Ping: number }>('command');
    expect(() => bus.dispatch({ type: 'Ping', n: 1 })).toThrow(NoHandlerError);
    expect(() => bus.dispatch({ type: 'Ping', n: 1 })).toThrow("No handler registered for command 'Ping'");
    try {
      bus.dispatch({ type: 'Ping', n: 1 });
    } catch (error) {
      expect(error).toBeInstanceOf(TelemetryFlowError);
      expect((error as NoHandlerError).code).toBe('TF_NO_HANDLER');
    }
  });

  it('refuses a second handler for the same type', () => {
    const bus = new MessageBus<Ping, { Ping: number }>('query').register('Ping', { handle: () => 1 });
    expect(() => bus.register('Ping', { handle: () => 2 })).toThrow(HandlerAlreadyRegisteredError);
    expect(() => bus.register('Ping', { handle: () => 2 })).toThrow(
      "A handler is already registered for query 'Ping'",
    );
    expect(bus.dispatch({ type: 'Ping', n: 0 })).toBe(1);
  });

  it('ties each command to its result type', () => {
    const bus = new CommandBus();
    expectTypeOf(() => bus.dispatch(new RecordCounterCommand('a'))).returns.toEqualTypeOf<boolean>();
    expectTypeOf(() => bus.dispatch(new StartSpanCommand('a'))).returns.toEqualTypeOf<string>();
    expect(() => bus.dispatch(new RecordCounterCommand('a'))).toThrow(
      "No handler registered for command 'RecordCounter'",
    );
    expect(() => new QueryBus().dispatch({ type: 'GetHealth' } as never)).toThrow(
      "No handler registered for query 'GetHealth'",
    );
  });
});
