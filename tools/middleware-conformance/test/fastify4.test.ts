import fastify4 from 'fastify4';
import { runConformanceSuite } from '../src/index.js';
import { fastifyFixture } from './frameworks/fastify.js';
import type { FastifyModule } from './frameworks/fastify.js';

runConformanceSuite(
  fastifyFixture('fastify@4', fastify4 as unknown as FastifyModule, {
    regexRoutes: false,
    scopedReinstall: true,
    wildcardPath: '/files/*',
  }),
);
