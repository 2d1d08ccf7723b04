// Two services in one process, each with its own client (service name), against the dev collector:
//   pnpm dev-collector   (another terminal)     then     pnpm start
import { TelemetryFlowBuilder } from '@telemetryflow/client';
import { instrumentHttpClient } from '@telemetryflow/instrumentation-http';
import { createInventory, createStorefront } from './services.js';

const clientOf = (service) =>
  new TelemetryFlowBuilder().withAutoConfiguration().withService(service).build().initialize();
const storefrontClient = clientOf('storefront');
const inventoryClient = clientOf('inventory');

const inventory = await createInventory(inventoryClient);
const inventoryUrl = await inventory.listen({ port: 0, host: '127.0.0.1' });
const storefront = createStorefront(storefrontClient, inventoryUrl).listen(0, '127.0.0.1');
await new Promise((resolve) => storefront.once('listening', resolve));
const storefrontUrl = `http://127.0.0.1:${storefront.address().port}`;
// The storefront's outgoing calls become CLIENT spans and carry traceparent. This script's own
// requests to the storefront (standing in for its users) are left out, so each trace starts there.
const outgoing = instrumentHttpClient(storefrontClient, { ignoreOutgoingUrls: [storefrontUrl] });

try {
  for (const sku of ['sku-1', 'sku-2']) {
    const response = await fetch(`${storefrontUrl}/checkout/${sku}`);
    console.log(`GET /checkout/${sku} -> ${response.status}`, await response.json());
  }
} finally {
  outgoing.disable();
  storefront.close();
  await inventory.close();
  await Promise.all([storefrontClient.shutdown(10_000), inventoryClient.shutdown(10_000)]);
}
