import {
  ROOT_CONTEXT,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { TraceState } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { registerGlobally } from '../../src/engine/global-registration.js';
import { W3CTraceContextPropagator } from '../../src/engine/w3c-trace-context-propagator.js';

const TRACEPARENT = '00-12345678901234567890123456789012-1234567890123456-01';
const propagator = new W3CTraceContextPropagator();

const extract = (carrier: Record<string, string | string[]>): ReturnType<typeof trace.getSpanContext> =>
  trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));

const injected = (traceState: TraceState | undefined): Record<string, string> => {
  const carrier: Record<string, string> = {};
  const spanContext = {
    traceId: '12345678901234567890123456789012',
    spanId: 'abcdefabcdefabcd',
    traceFlags: TraceFlags.SAMPLED,
    ...(traceState === undefined ? {} : { traceState }),
  };
  propagator.inject(trace.setSpanContext(ROOT_CONTEXT, spanContext), carrier, defaultTextMapSetter);
  return carrier;
};

/** A trace state made elsewhere, serializing to whatever it was given. */
const foreignState = (value: string): TraceState => ({
  set: () => foreignState(value),
  unset: () => foreignState(value),
  get: () => undefined,
  serialize: () => value,
});

describe('W3CTraceContextPropagator', () => {
  describe('extract', () => {
    it('continues a valid traceparent with its tracestate', () => {
      const spanContext = extract({ traceparent: TRACEPARENT, tracestate: 'foo=1,bar=2' });
      expect(spanContext).toMatchObject({ traceId: '12345678901234567890123456789012', isRemote: true });
      expect(spanContext?.traceState?.serialize()).toBe('foo=1,bar=2');
    });

    it('"If the vendor failed to parse traceparent, it MUST NOT attempt to parse tracestate"', () => {
      expect(extract({ tracestate: 'foo=1' })).toBeUndefined();
      expect(extract({ traceparent: 'garbage', tracestate: 'foo=1' })).toBeUndefined();
    });

    it('"failure to parse tracestate MUST NOT affect the parsing of traceparent": the header is discarded', () => {
      for (const tracestate of ['foo=1,foo=2', 'FOO=1', 'foo@@bar=1,bar=2', `foo=1,${'z'.repeat(257)}=1`]) {
        const spanContext = extract({ traceparent: TRACEPARENT, tracestate });
        expect(spanContext?.traceId, tracestate).toBe('12345678901234567890123456789012');
        expect(spanContext?.traceState, tracestate).toBeUndefined();
      }
    });

    it('"When receiving multiple tracestate header fields, they MUST be combined", in order', () => {
      const spanContext = extract({
        traceparent: TRACEPARENT,
        tracestate: ['foo=1,bar=2', 'rojo=1,congo=2', 'baz=3'],
      });
      expect(spanContext?.traceState?.serialize()).toBe('foo=1,bar=2,rojo=1,congo=2,baz=3');
    });

    it('applies the 32-member limit and the duplicate rule across combined header fields', () => {
      const fields = (last: string): string[] => [
        Array.from({ length: 30 }, (_, i) => `bar${i + 1}=${i + 1}`).join(','),
        last,
      ];
      expect(
        extract({ traceparent: TRACEPARENT, tracestate: fields('bar31=31,bar32=32') })?.traceState,
      ).toBeDefined();
      expect(
        extract({ traceparent: TRACEPARENT, tracestate: fields('bar31=31,bar32=32,bar33=33') })?.traceState,
      ).toBe(undefined);
      expect(
        extract({ traceparent: TRACEPARENT, tracestate: ['foo=1', 'foo=2'] })?.traceState,
      ).toBeUndefined();
    });

    it('"Vendors MUST accept empty tracestate headers"', () => {
      expect(extract({ traceparent: TRACEPARENT, tracestate: '' })?.traceState).toBeUndefined();
      expect(extract({ traceparent: TRACEPARENT, tracestate: ['', 'foo=1'] })?.traceState?.get('foo')).toBe(
        '1',
      );
    });
  });

  describe('inject', () => {
    it('writes traceparent and the tracestate', () => {
      const carrier = injected(foreignState('foo=1'));
      expect(carrier).toEqual({
        traceparent: '00-12345678901234567890123456789012-abcdefabcdefabcd-01',
        tracestate: 'foo=1',
      });
    });

    it('holds a trace state made elsewhere to the same rules', () => {
      expect(injected(foreignState('foo=1,foo=2'))).not.toHaveProperty('tracestate');
      expect(injected(foreignState(' a=1 ,, b=2 '))['tracestate']).toBe('a=1,b=2');
    });

    it('"Vendors ... SHOULD avoid sending" an empty tracestate', () => {
      expect(injected(foreignState(''))).not.toHaveProperty('tracestate');
      expect(injected(undefined)).not.toHaveProperty('tracestate');
    });
  });
});

describe('registerGlobally', () => {
  let undo: (() => void) | undefined;
  afterEach(() => undo?.());

  it('sets a global propagator with the same tracestate rules', () => {
    undo = registerGlobally({
      tracerProvider: undefined,
      meterProvider: undefined,
      loggerProvider: undefined,
    });
    const context = propagation.extract(ROOT_CONTEXT, {
      traceparent: TRACEPARENT,
      tracestate: 'foo=1,foo=2',
    });
    expect(trace.getSpanContext(context)?.traceId).toBe('12345678901234567890123456789012');
    expect(trace.getSpanContext(context)?.traceState).toBeUndefined();
  });
});
