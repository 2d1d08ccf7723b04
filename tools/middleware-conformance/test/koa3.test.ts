import Koa from 'koa';
import { runConformanceSuite } from '../src/index.js';
import { KOA_TRAITS, koaFixture } from './frameworks/koa.js';

runConformanceSuite(koaFixture('koa@3', Koa, KOA_TRAITS));
