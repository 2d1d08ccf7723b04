import type { OutgoingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AMPLE_MS,
  attributes,
  inMemoryClient,
  metricPoints,
  postInChunks,
  receivedLogs,
  receivedSpans,
  serverSpans,
  total,
  traceparentFor,
  unitOf,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport, Point } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import type { TelemetryConfigOptions } from '@telemetryflow/client';
import type { ConformanceFixture, ConformanceOptions, RunningServer } from './fixture.js';
import { open, send } from './http-client.js';
import type { Answer, SendOptions } from './http-client.js';
import { DENY_HEADER, boomError, standardRoutes, templateOf } from './routes.js';

/** The options every case runs with, except the cases about options. */
export const STANDARD_OPTIONS: ConformanceOptions = {
  excludedPaths: ['/health'],
  sensitiveQueryParameters: ['token'],
};

const USER_AGENT = 'middleware-conformance/1.0';
const DURATION = 'http.server.request.duration';
const REQUESTS_TOTAL = 'http.requests.total';

type Span = ReturnType<typeof receivedSpans>[number];

const statusOf = (span: Span | undefined): { code: string; message: string } => {
  const status = (span?.['status'] ?? {}) as { code?: string; message?: string };
  // OTLP leaves out default values: no code is UNSET, no message is none.
  return { code: status.code ?? 'STATUS_CODE_UNSET', message: status.message ?? '' };
};

const eventsOf = (span: Span | undefined): { name: unknown; attrs: Record<string, unknown> }[] =>
  ((span?.['events'] ?? []) as Record<string, unknown>[]).map((e) => ({
    name: e['name'],
    attrs: attributes(e['attributes']),
  }));

interface Setup {
  readonly config?: Partial<TelemetryConfigOptions>;
  readonly options?: ConformanceOptions;
  /** `false`: the client is built but never initialized. */
  readonly initialize?: boolean;
  /** What the suite does while `GET /in-flight` waits. */
  readonly inFlight?: (client: TelemetryFlowClient) => Promise<void>;
}

interface App {
  readonly client: TelemetryFlowClient;
  readonly transport: InMemoryTransport;
  readonly baseUrl: string;
  /** Resolves when the `GET /hang` handler runs. */
  readonly hangStarted: Promise<void>;
  send(path: string, options?: SendOptions): Promise<Answer>;
  get(path: string, headers?: OutgoingHttpHeaders): Promise<Answer>;
  /**
   * Waits until `count` server spans were exported — the telemetry of that many requests has
   * finished — then exports everything else (metrics, logs) by shutting the client down.
   */
  settle(count: number): Promise<Span[]>;
  points(metric: string): Point[];
}

/**
 * The HTTP server middleware conformance suite: every case runs against a real `fixture` server
 * on loopback, hit with real HTTP/1.1 requests, its client exporting into an in-memory receiver.
 */
export const runConformanceSuite = (fixture: ConformanceFixture): void => {
  const routes = standardRoutes(fixture.supports);
  const headerOf =
    fixture.supports.requestHeader ??
    ((request: unknown, name: string) => (request as { headers: OutgoingHttpHeaders }).headers[name]);
  const running: { server: RunningServer; client: TelemetryFlowClient }[] = [];

  const serve = async ({
    config = {},
    options = STANDARD_OPTIONS,
    initialize = true,
    inFlight = () => Promise.resolve(),
  }: Setup = {}): Promise<App> => {
    const { client, transport } = inMemoryClient(TelemetryFlowClient, config);
    if (initialize) client.initialize();
    let markHang = (): void => undefined;
    const hangStarted = new Promise<void>((resolve) => (markHang = resolve));
    const server = await fixture.start(client, options, {
      hangStarted: () => markHang(),
      inFlight: () => inFlight(client),
    });
    running.push({ server, client });
    const { baseUrl } = server;
    const sendTo = (path: string, opts: SendOptions = {}): Promise<Answer> =>
      send(baseUrl, path, { ...opts, headers: { 'user-agent': USER_AGENT, ...opts.headers } });
    return {
      client,
      transport,
      baseUrl,
      hangStarted,
      send: sendTo,
      get: (path, headers = {}) => sendTo(path, { headers }),
      settle: async (count) => {
        await waitFor(() => serverSpans(transport).length >= count, `${count} server span(s)`);
        await client.shutdown(AMPLE_MS);
        return serverSpans(transport);
      },
      points: (metric) => metricPoints(transport, metric),
    };
  };

  describe(`HTTP server middleware conformance: ${fixture.name}`, () => {
    afterEach(async () => {
      for (const { server, client } of running.splice(0)) {
        await server.close();
        await client.shutdown(AMPLE_MS);
      }
    });

    describe('1. route templates', () => {
      // /hang and /in-flight need a scenario of their own (cases 8, 11), /health is excluded (10),
      // the scoped routes are case 13's.
      const plain = routes.filter(
        (r) => !['hang', 'in-flight'].includes(r.behaviour) && r.sample !== '/health' && !r.telemetryAgain,
      );

      it.each(plain.map((route) => [`${route.method} ${route.sample}`, route] as const))(
        '%s is named after its template, never its raw path',
        async (_, route) => {
          const app = await serve();
          await app.send(
            route.sample,
            route.method === 'POST'
              ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' }
              : {},
          );
          const [span] = await app.settle(1);
          const template = templateOf(route);
          expect({ name: span?.['name'], route: span?.attrs['http.route'] }).toEqual({
            name: `${route.method} ${template}`,
            route: template,
          });
          expect(app.points(DURATION).map((p) => p.attrs['http.route'])).toEqual([template]);
        },
      );

      it('names a request no route matched (404) by its method alone, with no http.route', async () => {
        const app = await serve();
        expect((await app.get('/no/such/acme')).status).toBe(404);
        const [span] = await app.settle(1);
        expect(span?.['name']).toBe('GET');
        expect(span?.attrs).not.toHaveProperty('http.route');
        expect(span?.attrs['http.response.status_code']).toBe(404);
        expect(app.points(DURATION).map((p) => p.attrs)).toEqual([
          expect.not.objectContaining({ 'http.route': expect.anything() as unknown }),
        ]);
      });
    });

    describe('2. span kind and status', () => {
      it.each(['/static', '/status/302', '/status/404', '/status/418'])(
        '%s: one SERVER span, status UNSET',
        async (path) => {
          const app = await serve();
          await app.get(path);
          await app.settle(1);
          const spans = receivedSpans(app.transport);
          expect(spans.map((s) => s['kind'])).toEqual(['SPAN_KIND_SERVER']);
          expect(statusOf(spans[0]).code).toBe('STATUS_CODE_UNSET');
        },
      );

      it.each(['/status/500', '/status/503'])(
        '%s: ERROR with no description and no exception event (the status code says it)',
        async (path) => {
          const app = await serve();
          await app.get(path);
          const [span] = await app.settle(1);
          expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: '' });
          expect(eventsOf(span)).toEqual([]);
        },
      );

      it('a thrown error: 500, ERROR with the error message, and an exception event', async () => {
        const app = await serve();
        expect((await app.get('/boom')).status).toBe(500);
        const [span] = await app.settle(1);
        const thrown = boomError();
        expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: thrown.message });
        const events = eventsOf(span);
        expect(events).toMatchObject([
          {
            name: 'exception',
            attrs: { 'exception.type': thrown.name, 'exception.message': thrown.message },
          },
        ]);
        expect(events[0]?.attrs['exception.stacktrace']).toContain(`${thrown.name}: ${thrown.message}`);
      });
    });

    describe('3. error.type, on the span and the duration metric', () => {
      const errorTypes = (app: App, span: Span | undefined) => ({
        span: span?.attrs['error.type'],
        metric: app.points(DURATION).map((p) => p.attrs['error.type']),
      });

      it.each(['/users/42', '/status/404'])('%s: absent', async (path) => {
        const app = await serve();
        await app.get(path);
        const [span] = await app.settle(1);
        expect(errorTypes(app, span)).toEqual({ span: undefined, metric: [undefined] });
      });

      it('a 5xx without exception: the status code, as a string', async () => {
        const app = await serve();
        await app.get('/status/503');
        const [span] = await app.settle(1);
        expect(errorTypes(app, span)).toEqual({ span: '503', metric: ['503'] });
      });

      it("a thrown error: the exception's type", async () => {
        const app = await serve();
        await app.get('/boom');
        const [span] = await app.settle(1);
        const { name } = boomError();
        expect(errorTypes(app, span)).toEqual({ span: name, metric: [name] });
      });

      it('an error after the headers were sent: set, and the span is ERROR, not a clean 200', async () => {
        const app = await serve();
        const answer = await app.get('/late-error');
        // The scenario: a 200 went out and its body was cut off.
        expect(answer).toMatchObject({ status: 200, complete: false });
        const [span] = await app.settle(1);
        expect(statusOf(span).code).toBe('STATUS_CODE_ERROR');
        const { span: onSpan, metric } = errorTypes(app, span);
        expect(onSpan).toEqual(expect.any(String));
        expect(metric).toEqual([onSpan]);
      });
    });

    describe('4. request attributes on the span', () => {
      it('carries the stable HTTP server attributes', async () => {
        const app = await serve();
        const answer = await app.get('/users/42?page=2');
        const [span] = await app.settle(1);
        expect(span?.attrs).toMatchObject({
          'http.request.method': 'GET',
          'url.path': '/users/42',
          'url.scheme': 'http',
          'url.query': 'page=2',
          'server.address': '127.0.0.1',
          'server.port': Number(new URL(app.baseUrl).port),
          'user_agent.original': USER_AGENT,
          'network.protocol.version': '1.1',
          'client.address': '127.0.0.1',
          'network.peer.address': '127.0.0.1',
          'network.peer.port': answer.clientPort,
          'http.route': '/users/:id',
          'http.response.status_code': 200,
        });
      });

      it('keeps the query out of url.path, and sets url.query only when there is a query', async () => {
        const app = await serve();
        await app.get('/users/42?page=2');
        await app.get('/users/43');
        const spans = await app.settle(2);
        expect(spans.map((s) => [s.attrs['url.path'], s.attrs['url.query']])).toEqual([
          ['/users/42', 'page=2'],
          ['/users/43', undefined],
        ]);
      });

      it('redacts the values of AWSAccessKeyId, Signature, sig and X-Goog-Signature by default', async () => {
        const app = await serve();
        await app.get(
          '/users/42?AWSAccessKeyId=secret-1&Signature=secret-2&page=2&sig=secret-3&X-Goog-Signature=secret-4',
        );
        const [span] = await app.settle(1);
        expect(span?.attrs['url.query']).toBe(
          'AWSAccessKeyId=REDACTED&Signature=REDACTED&page=2&sig=REDACTED&X-Goog-Signature=REDACTED',
        );
        expect(JSON.stringify(span?.attrs)).not.toContain('secret-');
      });

      it('redacts the keys given in sensitiveQueryParameters too', async () => {
        const app = await serve();
        await app.get('/users/42?token=secret-5&sig=secret-6&page=2');
        const [span] = await app.settle(1);
        expect(span?.attrs['url.query']).toBe('token=REDACTED&sig=REDACTED&page=2');
        expect(JSON.stringify(span?.attrs)).not.toContain('secret-');
      });
    });

    describe('5. the http.server.request.duration metric', () => {
      it('is in seconds, with the low-cardinality attributes only', async () => {
        const app = await serve();
        await app.get('/users/42?page=2');
        await app.get('/users/43');
        await app.settle(2);
        expect(unitOf(app.transport, DURATION)).toBe('s');
        expect(app.points(DURATION)).toEqual([
          {
            attrs: {
              'http.request.method': 'GET',
              'url.scheme': 'http',
              'http.route': '/users/:id',
              'http.response.status_code': 200,
              'network.protocol.version': '1.1',
            },
            value: 2,
          },
        ]);
      });

      it('carries an exemplar: the request’s duration, linked to its server span', async () => {
        const app = await serve();
        await app.get('/static');
        const [span] = await app.settle(1);
        const point = app.transport
          .metrics()
          .filter(({ item }) => item['name'] === DURATION)
          .flatMap(
            ({ item }) => (item['histogram'] as { dataPoints?: Record<string, unknown>[] }).dataPoints ?? [],
          )
          .at(-1);
        const exemplars = (point?.['exemplars'] ?? []) as Record<string, unknown>[];
        expect(exemplars).toHaveLength(1);
        expect(exemplars[0]).toMatchObject({ traceId: span?.['traceId'], spanId: span?.['spanId'] });
        expect(exemplars[0]?.['asDouble']).toBeCloseTo(Number(point?.['sum']), 9);
      });
    });

    describe('6. incoming traceparent', () => {
      it('valid: the server span continues the trace, its parent the header span, with its tracestate', async () => {
        const app = await serve();
        const caller = traceparentFor(6);
        const headers = { traceparent: caller.header, tracestate: 'vendor=abc' };
        expect((await app.get('/static', headers)).status).toBe(200);
        const [span] = await app.settle(1);
        expect(span).toMatchObject({
          traceId: caller.traceId,
          parentSpanId: caller.parentId,
          traceState: 'vendor=abc',
        });
      });

      it.each([
        ['garbage', 'not-a-traceparent'],
        ['an all-zero trace id', `00-${'0'.repeat(32)}-${'b'.repeat(16)}-01`],
      ])('malformed (%s): a new root trace, and the request still succeeds', async (_, header) => {
        const app = await serve();
        expect((await app.get('/static', { traceparent: header })).status).toBe(200);
        const [span] = await app.settle(1);
        expect(span?.['traceId']).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
        expect(span?.['parentSpanId'] || undefined).toBeUndefined();
      });

      it('absent: a new root trace', async () => {
        const app = await serve();
        await app.get('/static');
        await app.get('/static');
        const spans = await app.settle(2);
        expect(spans.map((s) => s['parentSpanId'] || undefined)).toEqual([undefined, undefined]);
        expect(spans[0]?.['traceId']).not.toBe(spans[1]?.['traceId']);
      });
    });

    describe('7. spans and logs of the handler', () => {
      it('are children of, and correlated with, the server span (also after an await)', async () => {
        const app = await serve();
        await app.get('/child');
        const [server] = await app.settle(1);
        const child = receivedSpans(app.transport).find((s) => s['name'] === 'child');
        expect(child).toMatchObject({ traceId: server?.['traceId'], parentSpanId: server?.['spanId'] });
        expect(receivedLogs(app.transport)).toMatchObject([
          { message: 'child done', traceId: server?.['traceId'], spanId: server?.['spanId'] },
        ]);
      });

      it('are children of the server span once the framework has read a body that came in two reads', async () => {
        const app = await serve();
        const answer = await postInChunks(`${app.baseUrl}/echo`, JSON.stringify({ name: 'Ada' }));
        expect(answer).toEqual({ status: 201, text: '{"name":"Ada"}' });
        const [server] = await app.settle(1);
        const afterBody = receivedSpans(app.transport).find((s) => s['name'] === 'after-body');
        expect(afterBody).toMatchObject({ traceId: server?.['traceId'], parentSpanId: server?.['spanId'] });
      });
    });

    describe('8. a request the client abandons', () => {
      it('is recorded once, ERROR, with error.type aborted on the span and the metric, and no status code', async () => {
        const app = await serve();
        const pending = open(app.baseUrl, '/hang');
        await app.hangStarted;
        pending.destroy();
        const spans = await app.settle(1);
        expect(spans).toHaveLength(1);
        expect(spans[0]?.['name']).toBe('GET /hang');
        expect(statusOf(spans[0]).code).toBe('STATUS_CODE_ERROR');
        expect(spans[0]?.attrs['error.type']).toBe('aborted');
        expect(app.points(DURATION).map((p) => p.attrs['error.type'])).toEqual(['aborted']);
        // No response was sent, so there is no status code to report.
        for (const attrs of [spans[0]?.attrs, ...app.points(DURATION).map((p) => p.attrs)]) {
          expect(attrs).not.toHaveProperty('http.response.status_code');
        }
      });
    });

    describe('9. an early reply by a guard before the routes', () => {
      it('is recorded: a span (UNSET, 401) and its metrics', async () => {
        const app = await serve();
        expect((await app.get('/users/42', { [DENY_HEADER]: '1' })).status).toBe(401);
        const [span] = await app.settle(1);
        expect(span?.attrs['http.response.status_code']).toBe(401);
        expect(statusOf(span).code).toBe('STATUS_CODE_UNSET');
        for (const metric of [DURATION, REQUESTS_TOTAL]) {
          expect(app.points(metric)).toMatchObject([
            { attrs: { 'http.response.status_code': 401 }, value: 1 },
          ]);
        }
      });
    });

    describe('10. excluded paths', () => {
      it('get no span and no metric', async () => {
        const app = await serve();
        expect((await app.get('/health')).status).toBe(200);
        // A request that is recorded, to wait for: the excluded one came and went before it.
        await app.get('/static');
        const spans = await app.settle(1);
        expect(spans.map((s) => s.attrs['url.path'])).toEqual(['/static']);
        for (const metric of [DURATION, REQUESTS_TOTAL]) {
          expect(app.points(metric).map((p) => p.attrs['http.route'])).toEqual(['/static']);
        }
      });
    });

    describe('11. a client that is not running', () => {
      it('never initialized: requests pass through untouched', async () => {
        const app = await serve({ initialize: false });
        const answers = await Promise.all(['/static', '/users/42', '/boom'].map((p) => app.get(p)));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 500]);
        expect(answers[0]?.body).toBe('ok');
        expect(app.transport.delivered).toEqual([]);
      });

      it('shut down: requests are still answered', async () => {
        const app = await serve();
        await app.client.shutdown(AMPLE_MS);
        const answers = await Promise.all(['/static', '/users/42', '/boom'].map((p) => app.get(p)));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 500]);
        expect(serverSpans(app.transport)).toEqual([]);
      });

      it('shut down while a request is in flight: that request and the next are answered', async () => {
        const app = await serve({ inFlight: (client) => client.shutdown(AMPLE_MS) });
        expect(await app.get('/in-flight')).toMatchObject({ status: 503, complete: true });
        expect((await app.get('/static')).status).toBe(200);
      });
    });

    describe('12. concurrent requests', () => {
      const REQUESTS = 200;
      const paths = [
        (i: number) => `/users/${i}`,
        (i: number) => `/orgs/acme/repos/r${i}`,
        () => '/static',
        () => '/child',
        () => '/status/404',
        () => '/status/503',
        () => '/boom',
      ];

      it(`${REQUESTS} at once: one server span each, in its caller's trace, and metric totals of ${REQUESTS}`, async () => {
        const app = await serve();
        const requests = Array.from({ length: REQUESTS }, (_, i) => ({
          path: (paths[i % paths.length] ?? (() => '/static'))(i),
          caller: traceparentFor(i),
        }));
        const answers = await Promise.all(
          requests.map(({ path, caller }) => app.get(path, { traceparent: caller.header })),
        );
        expect(answers.every((a) => a.complete)).toBe(true);
        const servers = await app.settle(REQUESTS);
        expect(servers).toHaveLength(REQUESTS);
        const spans = receivedSpans(app.transport);
        for (const { path, caller } of requests) {
          const server = servers.find((s) => s['traceId'] === caller.traceId);
          expect(server).toMatchObject({ parentSpanId: caller.parentId, attrs: { 'url.path': path } });
          if (path !== '/child') continue;
          const children = spans.filter((s) => s['parentSpanId'] === server?.['spanId']);
          expect(children.map((s) => [s['name'], s['traceId']])).toEqual([['child', caller.traceId]]);
        }
        expect(total(app.points(DURATION))).toBe(REQUESTS);
        expect(total(app.points(REQUESTS_TOTAL))).toBe(REQUESTS);
      });
    });

    describe.runIf(fixture.supports.scopedReinstall)('13. telemetry installed twice', () => {
      it('records a request of the scope that installs it again once', async () => {
        const app = await serve();
        expect((await app.get('/scoped/items/9')).status).toBe(200);
        const spans = await app.settle(1);
        expect(spans.map((s) => s['name'])).toEqual(['GET /scoped/items/:item']);
        expect(total(app.points(REQUESTS_TOTAL))).toBe(1);
      });
    });

    describe('14. http.errors.total and the 5xx error log', () => {
      const ERRORS_TOTAL = 'http.errors.total';

      it("a 5xx: counted as an error, and logged in the span's context", async () => {
        const app = await serve();
        await app.get('/status/503');
        const [span] = await app.settle(1);
        const keyed = {
          'http.request.method': 'GET',
          'http.route': '/status/:code',
          'http.response.status_code': 503,
        };
        expect(app.points(ERRORS_TOTAL)).toMatchObject([{ attrs: keyed, value: 1 }]);
        expect(receivedLogs(app.transport)).toMatchObject([
          {
            message: 'HTTP 503 error on GET /status/:code',
            severityNumber: 'SEVERITY_NUMBER_ERROR',
            traceId: span?.['traceId'],
            spanId: span?.['spanId'],
            attrs: keyed,
          },
        ]);
      });

      it('a 4xx: counted as an error, not logged; a success: not counted', async () => {
        const app = await serve();
        await app.get('/status/404');
        await app.get('/static');
        await app.settle(2);
        expect(app.points(ERRORS_TOTAL)).toMatchObject([
          { attrs: { 'http.response.status_code': 404 }, value: 1 },
        ]);
        expect(receivedLogs(app.transport)).toEqual([]);
      });

      it('a thrown error: the log carries the exception', async () => {
        const app = await serve();
        await app.get('/boom');
        await app.settle(1);
        const { name, message } = boomError();
        expect(receivedLogs(app.transport)).toMatchObject([
          {
            message: 'HTTP 500 error on GET /boom',
            attrs: { 'exception.type': name, 'exception.message': message },
          },
        ]);
      });
    });

    describe('15. options every adapter shares', () => {
      it('recordRequestDuration, recordRequestCount, recordErrorCount off: no metric, no error log', async () => {
        const app = await serve({
          options: { recordRequestDuration: false, recordRequestCount: false, recordErrorCount: false },
        });
        await app.get('/status/500');
        expect(await app.settle(1)).toHaveLength(1);
        expect(app.transport.metrics()).toEqual([]);
        expect(receivedLogs(app.transport)).toEqual([]);
      });

      it('traces disabled: the metrics and the 5xx error log are still recorded', async () => {
        const app = await serve({ config: { enableTraces: false } });
        expect((await app.get('/status/500')).status).toBe(500);
        await waitFor(() => receivedLogs(app.transport).length > 0, 'the error log');
        await app.client.shutdown(AMPLE_MS);
        expect(serverSpans(app.transport)).toEqual([]);
        expect(receivedLogs(app.transport).map((l) => l.message)).toEqual([
          'HTTP 500 error on GET /status/:code',
        ]);
        expect(total(app.points('http.errors.total'))).toBe(1);
      });

      it('spanNameFormatter names the span; attributesFromRequest adds attributes from the framework request', async () => {
        const app = await serve({
          options: {
            spanNameFormatter: ({ method, route, path }) => `${method} ${route ?? 'unmatched'} (${path})`,
            attributesFromRequest: (request) => ({ 'tenant.id': String(headerOf(request, 'x-tenant')) }),
          },
        });
        await app.get('/users/42', { 'x-tenant': 'acme' });
        const [span] = await app.settle(1);
        expect(span).toMatchObject({ name: 'GET /users/:id (/users/42)', attrs: { 'tenant.id': 'acme' } });
      });

      it('hooks that throw: the request is served and the span gets its default name', async () => {
        const fail = (): never => {
          throw new Error('hook bug');
        };
        const app = await serve({ options: { spanNameFormatter: fail, attributesFromRequest: fail } });
        expect((await app.get('/users/42')).status).toBe(200);
        const [span] = await app.settle(1);
        expect(span?.['name']).toBe('GET /users/:id');
      });
    });
  });
};
