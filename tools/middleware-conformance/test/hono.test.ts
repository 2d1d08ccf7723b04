import { serve } from '@hono/node-server';
import { runConformanceSuite } from '../src/index.js';
import { honoFixture } from './frameworks/hono.js';

runConformanceSuite(honoFixture('hono@4 on @hono/node-server@2', serve));
