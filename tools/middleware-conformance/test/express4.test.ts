import express4 from 'express4';
import { runConformanceSuite } from '../src/index.js';
import { expressFixture } from './frameworks/express.js';

runConformanceSuite(
  expressFixture('express@4', express4, {
    regexRoutes: true,
    scopedReinstall: false,
    wildcardPath: '/files/*',
  }),
);
