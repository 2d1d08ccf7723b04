import { request } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { SpanKind } from '@telemetryflow/client';
import { expressErrorHandler, expressMiddleware } from '@telemetryflow/middleware-express';
import { fastifyTelemetry } from '@telemetryflow/middleware-fastify';

/** @typedef {import('@telemetryflow/client').TelemetryFlowClient} TelemetryFlowClient */

const STOCK = new Map([
  ['sku-1', 3],
  ['sku-2', 0],
]);

/**
 * The inventory service: Fastify with the TelemetryFlow plugin. Its server spans continue the
 * trace of the `traceparent` the storefront's calls carry.
 *
 * @param {TelemetryFlowClient} client an initialized client of the inventory service
 */
export async function createInventory(client) {
  const app = Fastify();
  await app.register(fastifyTelemetry, { client });
  app.get('/stock/:sku', async (req) => {
    const { sku } = /** @type {{ sku: string }} */ (req.params);
    const available = await client.span('inventory.lookup', SpanKind.INTERNAL, { 'app.sku': sku }, () =>
      Promise.resolve(STOCK.get(sku) ?? 0),
    );
    return { sku, available };
  });
  app.post('/reservations', async (req, reply) => {
    const { sku } = /** @type {{ sku: string }} */ (req.body);
    client.logInfo('reserved', { 'app.sku': sku });
    reply.code(201);
    return { sku, reservation: `r-${sku}` };
  });
  return app;
}

/**
 * POSTs JSON with node:http (as older clients and many SDKs still do) and reads the answer.
 * @param {string} url
 * @param {unknown} body
 * @returns {Promise<{ status: number, body: any }>}
 */
const postJson = (url, body) =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });

/**
 * The storefront: Express with the TelemetryFlow middleware. A checkout asks the inventory for
 * stock with `fetch`, then reserves with `http.request`; with `instrumentHttpClient` on, each call
 * is a CLIENT span under the checkout's server span and carries its context to the inventory.
 *
 * @param {TelemetryFlowClient} client an initialized client of the storefront
 * @param {string} inventoryUrl e.g. `http://127.0.0.1:8081`
 */
export function createStorefront(client, inventoryUrl) {
  const app = express();
  app.use(expressMiddleware(client));
  app.get('/checkout/:sku', async (req, res) => {
    const { sku } = req.params;
    const stock = await (await fetch(`${inventoryUrl}/stock/${encodeURIComponent(sku)}`)).json();
    if (stock.available < 1) {
      res.status(409).json({ sku, error: 'out of stock' });
      return;
    }
    const reservation = await postJson(`${inventoryUrl}/reservations`, { sku });
    client.logInfo('checkout complete', { 'app.sku': sku });
    res.json({ sku, reservation: reservation.body.reservation });
  });
  app.use(expressErrorHandler());
  return app;
}
