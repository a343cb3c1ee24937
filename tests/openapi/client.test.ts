// A client generated from /openapi.json (openapi-typescript types + openapi-fetch), compiled
// with tsc against those types, then run against the server: the document is good enough for a
// standard generator to drive a whole cash-on-delivery purchase. run.sh builds and runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

const baseUrl = process.env.WOLFIX_URL!;
const api = createClient<paths>({ baseUrl });

test('a generated client registers, browses, fills a cart and places a COD order', async () => {
  const email = `client${Date.now()}@example.com`;
  const password = 'Generated#Client1';
  const registered = await api.POST('/api/account/customer/register', { body: { email, password } });
  assert.equal(registered.response.status, 200, JSON.stringify(registered.error));
  const token: string = registered.data!;
  const headers = { Authorization: `Bearer ${token}` };

  const me = await api.GET('/api/account/me', { headers });
  assert.equal(me.data?.role, 'Customer');
  const customerId = me.data!.profileId;

  const products = await api.GET('/api/products/random', { params: { query: { pageSize: 20 } } });
  assert.equal(products.response.status, 200);
  const product = products.data!.find((p) => p.status === 'InStock') ?? products.data![0];
  assert.ok(product, 'the seeded catalog has products');

  const added = await api.POST('/api/customers/cart-items', {
    headers,
    body: { customerId, productId: product.id, quantity: 1 },
  });
  assert.equal(added.response.status, 204, JSON.stringify(added.error));
  const cart = await api.GET('/api/customers/cart-items/{customerId}', {
    headers,
    params: { path: { customerId } },
  });
  assert.equal(cart.data?.items.length, 1);
  const line = cart.data!.items[0];

  const methods = await api.GET('/api/delivery-methods/delivery-methods');
  const method = methods.data!.find((m) => m.cities.some((c) => c.departments.length > 0))!;
  const city = method.cities.find((c) => c.departments.length > 0)!;
  const department = city.departments[0];

  const placed = await api.POST('/api/orders', {
    headers: { ...headers, 'Idempotency-Key': `client-${email}` },
    body: {
      order: {
        customerFirstName: 'Olena',
        customerLastName: 'Kovalenko',
        customerMiddleName: null,
        customerPhoneNumber: '+380501234567',
        customerEmail: email,
        customerId,
        recipientFirstName: 'Olena',
        recipientLastName: 'Kovalenko',
        recipientMiddleName: null,
        recipientPhoneNumber: '+380501234567',
        deliveryMethodName: method.name,
        deliveryInfoNumber: department.number,
        deliveryInfoCity: city.name,
        deliveryInfoStreet: department.street,
        deliveryInfoHouseNumber: department.houseNumber,
        deliveryOption: 0,
        withBonuses: false,
        usedBonusesAmount: 0,
        price: cart.data!.totalCartPriceWithoutBonuses,
      },
      orderItems: [
        {
          sellerId: line.sellerId,
          productId: line.productId,
          photoUrl: line.photoUrl ?? '',
          title: line.title,
          quantity: line.quantity,
          price: line.price,
          cartItemId: line.id,
        },
      ],
    },
  });
  assert.ok(placed.response.ok, `${placed.response.status} ${JSON.stringify(placed.error)}`);

  const orders = await api.GET('/api/orders/{customerId}', { headers, params: { path: { customerId } } });
  assert.equal(orders.data?.length, 1);
  assert.ok(orders.data![0]!.productsNames.includes(line.title));
});
