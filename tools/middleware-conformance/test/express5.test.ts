import express from 'express';
import { runConformanceSuite } from '../src/index.js';
import { expressFixture } from './frameworks/express.js';

runConformanceSuite(
  expressFixture('express@5', express, {
    regexRoutes: true,
    scopedReinstall: false,
    wildcardPath: '/files/*path',
  }),
);
