import 'reflect-metadata';
import { Body, Controller, Get, Module, Post, VersioningType } from '@nestjs/common';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory, RouterModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { AMPLE_MS, inMemoryClient, serverSpans, waitFor } from '@telemetryflow-internal/test-utils';
import type { InMemoryTransport } from '@telemetryflow-internal/test-utils';
import { TelemetryFlowClient } from '@telemetryflow/client';
import { TelemetryFlowModule } from '../src/index.js';
import { PLATFORMS, adapterFor, listen } from './support/serve.js';
import type { Platform } from './support/serve.js';

@Controller({ path: 'repos', version: '1' })
class ReposController {
  @Get(':repo')
  get(): string {
    return 'repo';
  }

  @Post()
  create(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({ controllers: [ReposController] })
class ReposModule {}

const appModuleFor = (client: TelemetryFlowClient): Type => {
  @Module({
    imports: [
      TelemetryFlowModule.forRoot({ client }),
      ReposModule,
      RouterModule.register([{ path: 'orgs/:org', module: ReposModule }]),
    ],
  })
  class AppModule {}
  return AppModule;
};

/** The two ways an application is made: `NestFactory`, and `@nestjs/testing` (its adapter comes later). */
const creators: Record<string, (module: Type, platform: Platform) => Promise<INestApplication>> = {
  'NestFactory.create()': (module, platform) =>
    NestFactory.create(module, adapterFor(platform), { logger: false, abortOnError: false }),
  "@nestjs/testing's createNestApplication()": async (module, platform) => {
    const testing = await Test.createTestingModule({ imports: [module] }).compile();
    return testing.createNestApplication(adapterFor(platform), { logger: false });
  },
};

describe.each(PLATFORMS)('TelemetryFlowModule on the %s platform', (platform) => {
  const running: { app: INestApplication; client: TelemetryFlowClient }[] = [];

  afterEach(async () => {
    for (const { app, client } of running.splice(0)) {
      await app.close();
      await client.shutdown(AMPLE_MS);
    }
  });

  describe.each(Object.entries(creators))('made with %s', (_, create) => {
    const start = async (): Promise<{ baseUrl: string; transport: InMemoryTransport }> => {
      const { client, transport } = inMemoryClient(TelemetryFlowClient);
      client.initialize();
      const app = await create(appModuleFor(client), platform);
      running.push({ app, client });
      app.setGlobalPrefix('api');
      app.enableVersioning({ type: VersioningType.URI });
      const { baseUrl } = await listen(app);
      return { baseUrl, transport };
    };

    it('names the span after the whole template: global prefix, version, RouterModule path, controller, method', async () => {
      const { baseUrl, transport } = await start();
      expect((await fetch(`${baseUrl}/api/v1/orgs/acme/repos/rocket`)).status).toBe(200);
      await waitFor(() => serverSpans(transport).length > 0, 'the server span');
      expect(serverSpans(transport)[0]).toMatchObject({
        name: 'GET /api/v1/orgs/:org/repos/:repo',
        attrs: {
          'http.route': '/api/v1/orgs/:org/repos/:repo',
          'url.path': '/api/v1/orgs/acme/repos/rocket',
        },
      });
    });

    it("records a request Nest's body parser turns away (the telemetry is installed before it)", async () => {
      const { baseUrl, transport } = await start();
      const response = await fetch(`${baseUrl}/api/v1/orgs/acme/repos`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name": ',
      });
      expect(response.status).toBe(400);
      await waitFor(() => serverSpans(transport).length > 0, 'the server span');
      expect(serverSpans(transport)[0]?.attrs).toMatchObject({ 'http.response.status_code': 400 });
    });
  });
});
