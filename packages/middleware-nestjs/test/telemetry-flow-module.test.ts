import 'reflect-metadata';
import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AMPLE_MS,
  InMemoryTransport,
  inMemoryClient,
  serverSpans,
  waitFor,
} from '@telemetryflow-internal/test-utils';
import { TelemetryFlowBuilder, TelemetryFlowClient } from '@telemetryflow/client';
import { InjectTelemetryFlow, TELEMETRYFLOW_CLIENT, TelemetryFlowModule } from '../src/index.js';
import type { TelemetryFlowModuleOptions } from '../src/index.js';
import { serve } from './support/serve.js';

@Injectable()
class OrdersService {
  constructor(@InjectTelemetryFlow() readonly telemetry: TelemetryFlowClient) {}
}

@Controller('orders')
class OrdersController {
  constructor(@Inject(OrdersService) private readonly orders: OrdersService) {}

  @Get()
  list(): string[] {
    return [];
  }

  @Get(':id')
  get(): string {
    this.orders.telemetry.incrementCounter('orders.read');
    return 'order';
  }
}

const appWith = (telemetry: ReturnType<typeof TelemetryFlowModule.forRoot>): Type => {
  @Module({ imports: [telemetry], controllers: [OrdersController], providers: [OrdersService] })
  class AppModule {}
  return AppModule;
};

const builderFor = (transport: InMemoryTransport, service = 'orders'): TelemetryFlowBuilder =>
  new TelemetryFlowBuilder({})
    .withApiKey('tfk_nest', 'tfs_nest-secret')
    .withEndpoint('127.0.0.1:4317')
    .withService(service)
    .withBatchSettings(50)
    .withExporter(transport);

describe('TelemetryFlowModule', () => {
  const opened: INestApplicationContext[] = [];
  const started = <T extends INestApplicationContext>(app: T): T => (opened.push(app), app);

  afterEach(async () => {
    for (const app of opened.splice(0)) await app.close();
  });

  describe('forRoot({ client })', () => {
    const withClient = (options: Pick<TelemetryFlowModuleOptions, 'shutdownTimeoutMs'> = {}) => {
      const { client, transport } = inMemoryClient(TelemetryFlowClient);
      client.initialize();
      return { client, transport, module: appWith(TelemetryFlowModule.forRoot({ ...options, client })) };
    };

    it('provides your client under TELEMETRYFLOW_CLIENT, and @InjectTelemetryFlow() injects it', async () => {
      const { client, module } = withClient();
      const { app } = await serve(module, 'express');
      started(app);
      expect(app.get(TELEMETRYFLOW_CLIENT)).toBe(client);
      expect(app.get(OrdersService).telemetry).toBe(client);
    });

    it('records the requests of the application', async () => {
      const { client, transport, module } = withClient();
      const { app, baseUrl } = await serve(module, 'express');
      started(app);
      expect((await fetch(`${baseUrl}/orders/7`)).status).toBe(200);
      await waitFor(() => serverSpans(transport).length > 0, 'the server span');
      expect(serverSpans(transport).map((s) => s['name'])).toEqual(['GET /orders/:id']);
      await client.shutdown(AMPLE_MS);
    });

    it('shuts your client down when the application shuts down, within shutdownTimeoutMs', async () => {
      const { client, module } = withClient({ shutdownTimeoutMs: 250 });
      const shutdown = vi.spyOn(client, 'shutdown');
      const { app } = await serve(module, 'express');
      await app.close();
      expect(shutdown).toHaveBeenCalledWith(250);
      expect(client.isInitialized()).toBe(false);
    });

    it('gives the shutdown 5000 ms by default', async () => {
      const { client, module } = withClient();
      const shutdown = vi.spyOn(client, 'shutdown');
      const { app } = await serve(module, 'fastify');
      await app.close();
      expect(shutdown).toHaveBeenCalledWith(5_000);
    });

    it('leaves your client as it is: not initialized, requests pass through untouched', async () => {
      const { client } = inMemoryClient(TelemetryFlowClient);
      const { app, baseUrl } = await serve(appWith(TelemetryFlowModule.forRoot({ client })), 'fastify');
      started(app);
      expect((await fetch(`${baseUrl}/orders`)).status).toBe(200);
      expect(client.isInitialized()).toBe(false);
    });
  });

  describe('forRoot({ builder })', () => {
    it('builds the client and initializes it, then flushes and shuts it down with the application', async () => {
      const transport = new InMemoryTransport();
      const { app, baseUrl } = await serve(
        appWith(TelemetryFlowModule.forRoot({ builder: builderFor(transport) })),
        'fastify',
      );
      const client = app.get<TelemetryFlowClient>(TELEMETRYFLOW_CLIENT);
      expect(client.isInitialized()).toBe(true);
      expect(app.get(OrdersService).telemetry).toBe(client);
      expect((await fetch(`${baseUrl}/orders/7`)).status).toBe(200);
      await app.close();
      expect(client.isInitialized()).toBe(false);
      expect(serverSpans(transport).map((s) => s['name'])).toEqual(['GET /orders/:id']);
    });
  });

  describe('forRootAsync', () => {
    const SERVICE = 'SERVICE_NAME';

    @Module({ providers: [{ provide: SERVICE, useValue: 'billing' }], exports: [SERVICE] })
    class ConfigModule {}

    it('makes the options with useFactory, given the providers it injects from the imported modules', async () => {
      const transport = new InMemoryTransport();
      const telemetry = TelemetryFlowModule.forRootAsync({
        imports: [ConfigModule],
        inject: [SERVICE],
        useFactory: async (service: string) => {
          await Promise.resolve();
          return { builder: builderFor(transport, service), excludedPaths: ['/orders/0'] };
        },
      });
      const { app, baseUrl } = await serve(appWith(telemetry), 'express');
      const client = app.get<TelemetryFlowClient>(TELEMETRYFLOW_CLIENT);
      expect(client.config.serviceName).toBe('billing');
      await fetch(`${baseUrl}/orders/0`);
      await fetch(`${baseUrl}/orders/1`);
      await app.close();
      expect(serverSpans(transport).map((s) => s.attrs['url.path'])).toEqual(['/orders/1']);
    });
  });

  describe('in an application without HTTP server', () => {
    it('provides the client to an application context, and shuts it down with it', async () => {
      const { client } = inMemoryClient(TelemetryFlowClient);
      client.initialize();
      @Module({ imports: [TelemetryFlowModule.forRoot({ client })], providers: [OrdersService] })
      class WorkerModule {}
      const context = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      expect(context.get(OrdersService).telemetry).toBe(client);
      await context.close();
      expect(client.isInitialized()).toBe(false);
    });
  });
});
