import 'reflect-metadata';
import {
  Catch,
  Controller,
  ForbiddenException,
  Get,
  Inject,
  Module,
  NotFoundException,
  Param,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AMPLE_MS,
  inMemoryClient,
  receivedLogs,
  serverSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { TelemetryFlowModule } from '../src/index.js';
import { PLATFORMS, serve } from './support/serve.js';
import type { Served } from './support/serve.js';

// Nest's exception filters answer errors themselves: Express's error middleware and Fastify's
// onError never see them. The module shows them to the span, and the answers stay the filters'.

class OutOfStockError extends Error {
  override readonly name = 'OutOfStockError';
  constructor(readonly sku: string) {
    super(`${sku} is out of stock`);
  }
}

class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

@Catch(OutOfStockError)
class OutOfStockFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(error: OutOfStockError, host: ArgumentsHost): void {
    const body = { error: 'out of stock', sku: error.sku };
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, 409);
  }
}

@Catch(UpstreamError)
class UpstreamFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(_error: UpstreamError, host: ArgumentsHost): void {
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), { error: 'bad gateway' }, 502);
  }
}

const forbidding = { canActivate: (): boolean => false };

@Controller()
class ShopController {
  @Get('stock/:sku')
  stock(@Param('sku') sku: string): never {
    throw new OutOfStockError(sku);
  }

  @Get('payments')
  async payments(): Promise<never> {
    await Promise.resolve();
    throw new UpstreamError('payment service down');
  }

  @Get('orders/:id')
  order(): never {
    throw new NotFoundException('no such order');
  }

  @Get('maintenance')
  maintenance(): never {
    throw new ServiceUnavailableException('back soon');
  }

  @Get('admin')
  @UseGuards(forbidding)
  admin(): string {
    return 'never reached';
  }
}

const eventsOf = (span: Record<string, unknown> | undefined) =>
  ((span?.['events'] ?? []) as { name: string; attributes: unknown }[]).map((e) => e.name);
const statusOf = (span: Record<string, unknown> | undefined) => {
  const { code = 'STATUS_CODE_UNSET', message = '' } = (span?.['status'] ?? {}) as Record<string, string>;
  return { code, message };
};

describe.each(PLATFORMS)('exception filters on the %s platform', (platform) => {
  let client: TelemetryFlowClient;
  let transport: InMemoryTransport;
  let served: Served;

  beforeEach(async () => {
    ({ client, transport } = inMemoryClient(TelemetryFlowClient));
    client.initialize();
    @Module({
      imports: [TelemetryFlowModule.forRoot({ client })],
      controllers: [ShopController],
      providers: [
        { provide: APP_FILTER, useClass: OutOfStockFilter },
        { provide: APP_FILTER, useClass: UpstreamFilter },
      ],
    })
    class ShopModule {}
    served = await serve(ShopModule, platform);
  });

  afterEach(async () => {
    await served.app.close();
    await client.shutdown(AMPLE_MS);
  });

  const request = async (path: string) => {
    const response = await fetch(`${served.baseUrl}${path}`);
    const body: unknown = await response.json();
    await waitFor(() => serverSpans(transport).length > 0, 'the server span');
    return { status: response.status, body, span: serverSpans(transport)[0] };
  };

  it("answers with your filter's response, and keeps the error answered 4xx as an exception event", async () => {
    const { status, body, span } = await request('/stock/A-1');
    expect({ status, body }).toEqual({ status: 409, body: { error: 'out of stock', sku: 'A-1' } });
    expect(statusOf(span).code).toBe('STATUS_CODE_UNSET');
    expect(span?.attrs).not.toHaveProperty('error.type');
    expect(eventsOf(span)).toEqual(['exception']);
  });

  it('makes an error your filter answers 5xx ERROR, with its type, message, exception event and log', async () => {
    const { status, body, span } = await request('/payments');
    expect({ status, body }).toEqual({ status: 502, body: { error: 'bad gateway' } });
    expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: 'payment service down' });
    expect(span?.attrs).toMatchObject({ 'error.type': 'UpstreamError', 'http.response.status_code': 502 });
    expect(eventsOf(span)).toEqual(['exception']);
    await client.shutdown(AMPLE_MS);
    expect(receivedLogs(transport)).toMatchObject([
      { message: 'HTTP 502 error on GET /payments', attrs: { 'exception.type': 'UpstreamError' } },
    ]);
  });

  it("keeps an HttpException below 500 UNSET: Nest's answer, an exception event", async () => {
    const { status, span } = await request('/orders/7');
    expect(status).toBe(404);
    expect(statusOf(span).code).toBe('STATUS_CODE_UNSET');
    expect(span?.attrs).toMatchObject({ 'http.route': '/orders/:id', 'http.response.status_code': 404 });
    expect(eventsOf(span)).toEqual(['exception']);
  });

  it('makes an HttpException of 500 and above ERROR, with its class as error.type', async () => {
    const { status, span } = await request('/maintenance');
    expect(status).toBe(503);
    expect(statusOf(span)).toEqual({ code: 'STATUS_CODE_ERROR', message: 'back soon' });
    expect(span?.attrs['error.type']).toBe('ServiceUnavailableException');
  });

  it('sees what a guard refuses (it runs before interceptors) through the status only', async () => {
    const { status, span } = await request('/admin');
    expect(status).toBe(new ForbiddenException().getStatus());
    expect(statusOf(span).code).toBe('STATUS_CODE_UNSET');
    expect(span?.attrs).toMatchObject({ 'http.route': '/admin', 'http.response.status_code': 403 });
    expect(eventsOf(span)).toEqual([]);
  });
});
