import 'reflect-metadata';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { runConformanceSuite } from '../src/index.js';
import { nestFixture } from './frameworks/nestjs.js';

runConformanceSuite(
  nestFixture(
    'nestjs@12 (Fastify)',
    { common, core, createAdapter: () => new FastifyAdapter() },
    // Nest hands route paths to Fastify as they are: find-my-way's `*`, not path-to-regexp's `*path`.
    { regexRoutes: false, scopedReinstall: true, wildcardPath: '/files/*' },
  ),
);
