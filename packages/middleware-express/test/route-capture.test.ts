import { describe, expect, it } from 'vitest';
import { captureRoute } from '../src/route-capture.js';

describe('captureRoute', () => {
  it('joins the mount path current when the route is matched with the route path', () => {
    const req: { baseUrl: string; route?: unknown } = { baseUrl: '/api/users' };
    const routeOf = captureRoute(req);
    req.route = { path: '/:id' };
    req.baseUrl = '';
    expect(routeOf()).toBe('/api/users/:id');
    expect(req.route).toEqual({ path: '/:id' });
  });

  it('gives the mount path for a router root route', () => {
    const req: { baseUrl: string; route?: unknown } = { baseUrl: '/api/users' };
    const routeOf = captureRoute(req);
    req.route = { path: '/' };
    expect(routeOf()).toBe('/api/users');
  });

  it('gives undefined until a route is matched', () => {
    expect(captureRoute({ baseUrl: '' })()).toBeUndefined();
  });
});
