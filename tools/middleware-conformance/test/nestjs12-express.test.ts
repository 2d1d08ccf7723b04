import 'reflect-metadata';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { runConformanceSuite } from '../src/index.js';
import { nestFixture } from './frameworks/nestjs.js';

runConformanceSuite(
  nestFixture(
    'nestjs@12 (Express)',
    { common, core, createAdapter: () => new ExpressAdapter() },
    { regexRoutes: false, scopedReinstall: true, wildcardPath: '/files/*path' },
  ),
);
