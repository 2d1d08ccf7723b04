import 'reflect-metadata';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { runConformanceSuite } from '@telemetryflow-internal/middleware-conformance';
import { nestFixture } from '@telemetryflow-internal/middleware-conformance/nestjs';
import type { NestModules } from '@telemetryflow-internal/middleware-conformance/nestjs';

runConformanceSuite(
  nestFixture(
    'nestjs@11 (Fastify)',
    // Nest 11's packages, used through the fixture's Nest 12 types.
    { common, core, createAdapter: () => new FastifyAdapter() } as unknown as NestModules,
    // Nest hands route paths to Fastify as they are: find-my-way's `*`, not path-to-regexp's `*path`.
    { regexRoutes: false, scopedReinstall: true, wildcardPath: '/files/*' },
  ),
);
