import 'reflect-metadata';
import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import { NestFactory, RouterModule } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { SpanKind } from '@telemetryflow/client';
import { InjectTelemetryFlow, TelemetryFlowModule } from '@telemetryflow/middleware-nestjs';

/** @typedef {import('@telemetryflow/client').TelemetryFlowClient} TelemetryFlowClient */

// Plain JavaScript has no decorator syntax: Nest's decorators are functions, applied here to the
// classes as TypeScript would apply `@Controller('api/users')`, `@Get(':id')`, `@Param('id')`.

/**
 * Applies method decorators (`Get(':id')`) to `Class.prototype[method]`.
 *
 * @param {Function} Class
 * @param {string} method
 * @param {...MethodDecorator} decorators
 */
const decorate = (Class, method, ...decorators) => {
  const descriptor = Object.getOwnPropertyDescriptor(Class.prototype, method);
  for (const decorator of decorators) decorator(Class.prototype, method, /** @type {any} */ (descriptor));
};

const USERS = [
  { id: 1, name: 'Alice', email: 'alice@example.com' },
  { id: 2, name: 'Bob', email: 'bob@example.com' },
];

const ORDERS = [
  { id: 101, org: 'acme', total: 99.99, status: 'shipped' },
  { id: 102, org: 'acme', total: 149.99, status: 'pending' },
];

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `GET /`, `GET /health` (not traced: excluded), `GET /error` (a thrown error, answered 500 by Nest). */
class AppController {
  /** @param {TelemetryFlowClient} telemetry */
  constructor(telemetry) {
    this.telemetry = telemetry;
  }

  home() {
    return { message: 'Welcome to TelemetryFlow NestJS Server!' };
  }

  health() {
    return { status: 'healthy' };
  }

  status() {
    return this.telemetry.getStatus();
  }

  fail() {
    throw new Error('Simulated error');
  }
}
Controller()(AppController);
InjectTelemetryFlow()(AppController, undefined, 0); // constructor(@InjectTelemetryFlow() telemetry)
decorate(AppController, 'home', Get());
decorate(AppController, 'health', Get('health'));
decorate(AppController, 'status', Get('status'));
decorate(AppController, 'fail', Get('error'));

/** `GET /api/users` and `GET /api/users/:id`: a database span each, a 404 for an unknown user. */
class UsersController {
  /** @param {TelemetryFlowClient} telemetry */
  constructor(telemetry) {
    this.telemetry = telemetry;
  }

  /** @param {string} operation */
  query(operation) {
    return this.telemetry.span(
      'database.query.users',
      SpanKind.CLIENT,
      { 'db.system': 'postgresql', 'db.operation': operation, 'db.sql.table': 'users' },
      async (spanId) => {
        await sleep(20); // the query
        this.telemetry.addSpanEvent(spanId, 'query_executed', { table: 'users' });
        return USERS;
      },
    );
  }

  async list() {
    const users = await this.query('SELECT');
    this.telemetry.logInfo('users fetched', { count: users.length });
    return { users };
  }

  /** @param {string} id */
  async get(id) {
    const user = (await this.query('SELECT')).find((u) => String(u.id) === id);
    // Nest answers 404: the span stays UNSET, with the exception as an event.
    if (user === undefined) throw new NotFoundException('User not found');
    this.telemetry.logInfo('user fetched', { 'user.id': user.id });
    return user;
  }
}
Controller('api/users')(UsersController);
InjectTelemetryFlow()(UsersController, undefined, 0);
decorate(UsersController, 'list', Get());
decorate(UsersController, 'get', Get(':id'));
Param('id')(UsersController.prototype, 'get', 0); // get(@Param('id') id)

/** `GET /orders/:id`, mounted by `RouterModule` at `/api/orgs/:org`: the span is `GET /api/orgs/:org/orders/:id`. */
class OrdersController {
  /**
   * @param {string} org
   * @param {string} id
   */
  get(org, id) {
    const order = ORDERS.find((o) => o.org === org && String(o.id) === id);
    if (order === undefined) throw new NotFoundException('Order not found');
    return order;
  }
}
Controller('orders')(OrdersController);
decorate(OrdersController, 'get', Get(':id'));
Param('org')(OrdersController.prototype, 'get', 0);
Param('id')(OrdersController.prototype, 'get', 1);

class OrdersModule {}
Module({ controllers: [OrdersController] })(OrdersModule);

/**
 * The example's Nest application (Express platform, not listening yet): every request is a server
 * span named after its route template (except `/health`), with the HTTP metrics; the handlers' spans
 * and logs nest under it. `TelemetryFlowModule` provides `client` to the controllers and shuts it
 * down when the application closes.
 *
 * @param {TelemetryFlowClient} client an initialized client
 * @param {import('@nestjs/common').NestApplicationOptions} [options] e.g. `{ logger: false }`
 * @returns {Promise<import('@nestjs/common').INestApplication>}
 * @example
 * ```js
 * const app = await createApp(client);
 * await app.listen(8080);
 * ```
 */
export async function createApp(client, options = {}) {
  class AppModule {}
  Module({
    imports: [
      TelemetryFlowModule.forRoot({ client, excludedPaths: ['/health'] }),
      OrdersModule,
      RouterModule.register([{ path: 'api/orgs/:org', module: OrdersModule }]),
    ],
    controllers: [AppController, UsersController],
  })(AppModule);
  return NestFactory.create(AppModule, new ExpressAdapter(), options);
}
