import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ROOT_CONTEXT, propagation } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryFlowClient } from '../src/index.js';
import { SpanKind } from '../src/index.js';
import { makeClient } from './helpers.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

/** The headers `injectTraceContext` writes inside a CLIENT span, run in `around`'s context. */
const sent = (client: TelemetryFlowClient, around: (fn: () => void) => void = (fn) => fn()) => {
  const headers: Record<string, string> = {};
  around(() => client.span('call', SpanKind.CLIENT, () => client.injectTraceContext(headers)));
  return headers;
};

/** A `baggage` header's entries, decoded. */
const entriesOf = (header: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (header ?? '')
      .split(',')
      .filter((e) => e !== '')
      .map((e) => e.split('=').map((p) => decodeURIComponent(p.trim())) as [string, string]),
  );

let running: TelemetryFlowClient | undefined;
afterEach(async () => {
  await running?.shutdown(1_000);
  running = undefined;
});

const started = (...args: Parameters<typeof makeClient>) => {
  const made = makeClient(...args);
  running = made.client.initialize();
  return made;
};

describe('TelemetryFlowClient baggage', () => {
  it('reads the baggage of incoming headers, and has none outside them', () => {
    const { client } = started();
    expect(client.getBaggage()).toEqual({});
    expect(client.getBaggageEntry('tenant')).toBeUndefined();
    client.withTraceContext({ traceparent: TRACEPARENT, baggage: 'tenant=acme, plan=gold' }, () => {
      expect(client.getBaggage()).toEqual({ tenant: 'acme', plan: 'gold' });
      expect(client.getBaggageEntry('plan')).toBe('gold');
      // Only the entries: not what every object inherits.
      expect(client.getBaggageEntry('toString')).toBeUndefined();
      expect(client.getBaggageEntry(undefined as unknown as string)).toBeUndefined();
    });
    // Repeated `baggage` fields (not joined by Node, e.g. from another carrier) are one list.
    client.withTraceContext({ baggage: ['a=1', 'b=2'] }, () => {
      expect(client.getBaggage()).toEqual({ a: '1', b: '2' });
    });
  });

  it('withBaggage adds and overrides entries for fn, which injectTraceContext sends on', async () => {
    const { client } = started();
    const incoming = { traceparent: TRACEPARENT, baggage: 'tenant=acme,plan=gold' };
    const result = client.withTraceContext(incoming, () =>
      client.withBaggage({ plan: 'platinum', 'user.id': 'u 42,é' }, () => {
        expect(client.getBaggage()).toEqual({ tenant: 'acme', plan: 'platinum', 'user.id': 'u 42,é' });
        const headers = sent(client);
        expect(headers['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-`));
        // Values are percent-encoded: a comma or space would break the list.
        expect(headers['baggage']).toContain('user.id=u%2042%2C%C3%A9');
        expect(entriesOf(headers['baggage'])).toEqual(client.getBaggage());
        return 'done';
      }),
    );
    expect(result).toBe('done');
    // Outside fn, the baggage is what it was.
    client.withTraceContext(incoming, () =>
      expect(client.getBaggage()).toEqual({ tenant: 'acme', plan: 'gold' }),
    );
    expect(client.getBaggage()).toEqual({});

    // It follows fn across `await`.
    const later = await client.withBaggage({ step: 'async' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return client.getBaggageEntry('step');
    });
    expect(later).toBe('async');
  });

  it('drops bad entries, counts and reports them, and keeps the good ones', () => {
    const { client, diagnostics } = started();
    const entries = {
      ok: 'yes',
      'has space': 'x',
      ключ: 'x',
      '': 'x',
      number: 42,
      lone: 'bad\uD800',
      huge: 'x'.repeat(5_000),
    } as unknown as Record<string, string>;
    const seen = client.withBaggage(entries, () => client.getBaggage());
    expect(seen).toEqual({ ok: 'yes' });
    expect(client.getStatus().signals.traces.invalid).toBe(6);
    const reasons = diagnostics.filter((d) => d.code === 'TF_INVALID_INPUT').map((d) => d.message);
    expect(reasons).toHaveLength(6);
    expect(reasons.join('\n')).toContain("baggage key 'has space' is not a W3C token");
    expect(reasons.join('\n')).toContain("baggage value of 'number' is not a string");
    expect(reasons.join('\n')).toContain("baggage value of 'lone' is not well-formed UTF-16");
    expect(reasons.join('\n')).toContain("baggage entry 'huge' is longer than 4096 characters");
    // What is dropped here is what the propagator would have choked on or skipped: the rest is sent.
    expect(entriesOf(sent(client, (fn) => client.withBaggage(entries, fn))['baggage'])).toEqual({
      ok: 'yes',
    });
  });

  it('never throws for unusable entries: fn still runs', () => {
    const { client } = started();
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys for you');
        },
      },
    );
    const getter = Object.defineProperty({ fine: 'ok' }, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    for (const entries of [null, undefined, 'tenant=acme', ['a'], hostile, getter]) {
      expect(client.withBaggage(entries as Record<string, string>, () => 7)).toBe(7);
    }
    expect(client.withBaggage(getter, () => client.getBaggage())).toEqual({ fine: 'ok' });
    expect(client.getStatus().signals.traces.invalid).toBeGreaterThanOrEqual(5);
  });

  it('a `__proto__` entry is an entry, not a prototype', () => {
    const { client } = started();
    const entries = JSON.parse('{"__proto__":"x","a":"1"}') as Record<string, string>;
    const seen = client.withBaggage(entries, () => client.getBaggage());
    expect(Object.getPrototypeOf(seen)).toBe(Object.prototype);
    expect(Object.keys(seen).sort()).toEqual(['__proto__', 'a']);
    expect(client.withBaggage(entries, () => client.getBaggageEntry('__proto__'))).toBe('x');
  });

  it('works before initialize and after shutdown: baggage is context, not a recording', async () => {
    const { client } = makeClient();
    expect(client.withBaggage({ a: '1' }, () => client.getBaggage())).toEqual({ a: '1' });
    client.initialize();
    await client.shutdown(1_000);
    expect(client.withBaggage({ b: '2' }, () => client.getBaggageEntry('b'))).toBe('2');
  });
});

describe('config.propagators', () => {
  const incoming = { traceparent: TRACEPARENT, baggage: 'tenant=acme' };

  it("['tracecontext']: the baggage header is neither read nor sent", () => {
    const { client } = started({ propagators: ['tracecontext'] });
    client.withTraceContext(incoming, () => {
      expect(client.getBaggage()).toEqual({});
      const headers = sent(client, (fn) => client.withBaggage({ plan: 'gold' }, fn));
      expect(headers['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-`));
      expect(headers).not.toHaveProperty('baggage');
      // Still in the process's context, for code that reads it.
      expect(client.withBaggage({ plan: 'gold' }, () => client.getBaggage())).toEqual({ plan: 'gold' });
    });
  });

  it("['baggage']: baggage only, no trace context", () => {
    const { client } = started({ propagators: ['baggage'] });
    client.withTraceContext(incoming, () => {
      expect(client.getBaggage()).toEqual({ tenant: 'acme' });
      const headers = sent(client);
      expect(headers).toEqual({ baggage: 'tenant=acme' });
    });
  });

  it('[]: nothing is extracted or injected', async () => {
    const { client, transport } = started({ propagators: [] });
    client.withTraceContext(incoming, () => {
      expect(client.getBaggage()).toEqual({});
      expect(sent(client, (fn) => client.withBaggage({ plan: 'gold' }, fn))).toEqual({});
      client.span('server', SpanKind.SERVER, () => undefined);
    });
    await client.shutdown(5_000);
    const server = transport.spans().find((s) => s.item['name'] === 'server')?.item;
    expect(server?.['traceId']).not.toBe(TRACE_ID);
    expect(server?.['parentSpanId']).toBeUndefined();
  });

  it('follows the config from initialize() on, also after a restart', async () => {
    const { client } = started({ propagators: ['tracecontext'] });
    await client.shutdown(1_000);
    client.initialize();
    client.withTraceContext(incoming, () => expect(client.getBaggage()).toEqual({}));
  });

  it('with registerGlobal, the global propagator is the configured one', async () => {
    const only = started({ propagators: ['tracecontext'] }, { registerGlobal: true }).client;
    expect(propagation.fields()).toEqual(['traceparent', 'tracestate']);
    const carrier: Record<string, string> = {};
    const withBaggage = propagation.setBaggage(
      ROOT_CONTEXT,
      propagation.createBaggage({ tenant: { value: 'acme' } }),
    );
    propagation.inject(withBaggage, carrier);
    expect(carrier).toEqual({});
    await only.shutdown(1_000);

    started({ propagators: [] }, { registerGlobal: true });
    // None configured: the global propagator stays OpenTelemetry's no-op.
    expect(propagation.fields()).toEqual([]);
    await running?.shutdown(1_000);

    started({}, { registerGlobal: true });
    expect(propagation.fields()).toEqual(['traceparent', 'tracestate', 'baggage']);
    propagation.inject(withBaggage, carrier);
    expect(carrier).toEqual({ baggage: 'tenant=acme' });
  });
});

describe('context before the first initialize()', () => {
  // In a fresh process (no context manager yet), against the built package.
  const SCRIPT = `
import { Credentials, TelemetryConfig, TelemetryFlowClient } from '@telemetryflow/client';
const transport = { send: async () => ({ status: 'success' }), shutdown: async () => {} };
const config = TelemetryConfig.create({
  credentials: Credentials.create('tfk_p', 'tfs_p'), endpoint: '127.0.0.1:4317', serviceName: 'p',
});
const client = new TelemetryFlowClient(config, { transport });
const seen = [
  client.withBaggage({ a: '1' }, () => client.getBaggage()),
  client.withTraceContext({ baggage: 'b=2' }, () => client.getBaggage()),
  await client.withBaggage({ c: '3' }, async () => { await new Promise((r) => setTimeout(r, 1)); return client.getBaggage(); }),
];
console.log(JSON.stringify(seen));
`;

  it('withBaggage and withTraceContext already give fn their context', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      cwd: join(dirname(fileURLToPath(import.meta.url)), '..'),
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual([{ a: '1' }, { b: '2' }, { c: '3' }]);
  });
});
