import fastify from 'fastify';
import { runConformanceSuite } from '../src/index.js';
import { fastifyFixture } from './frameworks/fastify.js';

runConformanceSuite(
  fastifyFixture('fastify@5', fastify, {
    regexRoutes: false,
    scopedReinstall: true,
    wildcardPath: '/files/*',
  }),
);
