export type {
  ConformanceFixture,
  ConformanceOptions,
  FrameworkTraits,
  RouteProbe,
  RunningServer,
} from './fixture.js';
export {
  DENY_HEADER,
  afterBodyWork,
  boomError,
  childWork,
  lateError,
  mountTree,
  standardRoutes,
  templateOf,
} from './routes.js';
export type { Behaviour, MountNode, StandardRoute } from './routes.js';
export { STANDARD_OPTIONS, runConformanceSuite } from './suite.js';
