import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AMPLE_MS, closeServer } from '@telemetryflow-internal/test-utils';
import { createInventory, createStorefront } from '@telemetryflow-internal/example-distributed';
import { instrumentHttpClient } from '@telemetryflow/instrumentation-http';
import { useExampleCollector } from './support/example-collector.js';

/** What the test uses of the example's Express app (plain JavaScript: Express's types are not installed here). */
interface ExpressApp {
  listen(port: number, host: string): Server;
}

const examples = useExampleCollector();

describe('the distributed example, run against the dev collector in-process', () => {
  it('one trace per checkout: storefront SERVER → CLIENT (fetch, http.request) → inventory SERVER', async () => {
    const storefrontClient = examples.client('storefront');
    const inventoryClient = examples.client('inventory');
    const inventory = await createInventory(inventoryClient);
    const inventoryUrl = await inventory.listen({ port: 0, host: '127.0.0.1' });
    const app = createStorefront(storefrontClient, inventoryUrl) as unknown as ExpressApp;
    const storefront = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => storefront.once('listening', resolve));
    const storefrontUrl = `http://127.0.0.1:${(storefront.address() as AddressInfo).port}`;
    const outgoing = instrumentHttpClient(storefrontClient, { ignoreOutgoingUrls: [storefrontUrl] });
    try {
      expect((await fetch(`${storefrontUrl}/checkout/sku-1`)).status).toBe(200);
      expect((await fetch(`${storefrontUrl}/checkout/sku-2`)).status).toBe(409);
    } finally {
      outgoing.disable();
      await closeServer(storefront);
      await inventory.close();
      await Promise.all([storefrontClient.shutdown(AMPLE_MS), inventoryClient.shutdown(AMPLE_MS)]);
    }

    const front = examples.spansOf('storefront');
    const back = examples.spansOf('inventory');
    expect(front.servers.map((s) => s.name)).toEqual(['GET /checkout/:sku', 'GET /checkout/:sku']);
    expect(front.servers.every((s) => s.parentSpanId === undefined)).toBe(true);
    const checkout = front.servers.find((s) => s.attributes['http.response.status_code'] === 200)!;

    // The storefront's calls: CLIENT spans under its server span…
    const calls = front.spans.filter((s) => s.kind === 'CLIENT' && s.traceId === checkout.traceId);
    expect(calls.map((s) => s.name).sort()).toEqual(['GET', 'POST']);
    expect(calls.every((s) => s.parentSpanId === checkout.spanId)).toBe(true);
    // …each the parent of the inventory's server span for it, in the same trace.
    const served = back.servers.filter((s) => s.traceId === checkout.traceId);
    expect(served.map((s) => s.name).sort()).toEqual(['GET /stock/:sku', 'POST /reservations']);
    for (const server of served) {
      const call = calls.find((c) => c.spanId === server.parentSpanId);
      expect(call?.name).toBe(server.name.split(' ')[0]);
      expect(call?.attributes['url.full']).toBe(`${inventoryUrl}${String(server.attributes['url.path'])}`);
    }
    const lookup = back.spans.find((s) => s.name === 'inventory.lookup' && s.traceId === checkout.traceId);
    expect(served.map((s) => s.spanId)).toContain(lookup?.parentSpanId);
    // The out-of-stock checkout is its own trace, with one call.
    const refused = front.servers.find((s) => s.attributes['http.response.status_code'] === 409)!;
    expect(refused.traceId).not.toBe(checkout.traceId);
    expect(back.servers.filter((s) => s.traceId === refused.traceId).map((s) => s.name)).toEqual([
      'GET /stock/:sku',
    ]);
  });
});
