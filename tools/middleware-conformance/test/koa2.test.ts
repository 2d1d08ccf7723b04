import Koa2 from 'koa2';
import { runConformanceSuite } from '../src/index.js';
import { KOA_TRAITS, koaFixture } from './frameworks/koa.js';

runConformanceSuite(koaFixture('koa@2', Koa2, KOA_TRAITS));
