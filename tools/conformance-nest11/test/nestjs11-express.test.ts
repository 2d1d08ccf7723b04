import 'reflect-metadata';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { runConformanceSuite } from '@telemetryflow-internal/middleware-conformance';
import { nestFixture } from '@telemetryflow-internal/middleware-conformance/nestjs';
import type { NestModules } from '@telemetryflow-internal/middleware-conformance/nestjs';

runConformanceSuite(
  nestFixture(
    'nestjs@11 (Express)',
    // Nest 11's packages, used through the fixture's Nest 12 types.
    { common, core, createAdapter: () => new ExpressAdapter() } as unknown as NestModules,
    { regexRoutes: false, scopedReinstall: true, wildcardPath: '/files/*path' },
  ),
);
