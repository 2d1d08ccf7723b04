import type { Server } from 'node:http';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { baseUrlOf } from '@telemetryflow-internal/test-utils';

export type Platform = 'express' | 'fastify';

export const PLATFORMS: readonly Platform[] = ['express', 'fastify'];

export const adapterFor = (platform: Platform): AbstractHttpAdapter =>
  platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();

export interface Served {
  readonly app: INestApplication;
  readonly baseUrl: string;
}

/** Listens on 127.0.0.1 (ephemeral port) with `app`, once `configure` has set it up. */
export const listen = async (app: INestApplication): Promise<Served> => {
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: await baseUrlOf(app.getHttpServer() as Server) };
};

/** Creates the application of `module` on `platform` and listens. */
export const serve = async (
  module: Type,
  platform: Platform,
  configure: (app: INestApplication) => void = () => undefined,
): Promise<Served> => {
  const app = await NestFactory.create(module, adapterFor(platform), { logger: false, abortOnError: false });
  configure(app);
  return listen(app);
};
