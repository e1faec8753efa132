import assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { listen } from '../../connector/src/api/http-server';

describe('HTTP server for the express app', () => {
  it('builds requests and responses with the app\'s prototypes, so express changes no prototype, and its helpers work', async () => {
    const app = express();
    app.get('/probe', (req, res) => { res.status(201).json({ sameApp: req.app === app, header: req.get('X-Probe') ?? null }); });
    const server = await listen(app, 0, '127.0.0.1');
    const realSetPrototypeOf = Object.setPrototypeOf;
    let changed = 0;
    Object.setPrototypeOf = (target: object, proto: object | null) => {
      const message = target instanceof IncomingMessage || target instanceof ServerResponse;
      if (message && Object.getPrototypeOf(target) !== proto) changed += 1;
      return realSetPrototypeOf(target, proto);
    };
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/probe`, { headers: { 'X-Probe': 'yes' } });
      assert.equal(res.status, 201);
      assert.deepEqual(await res.json(), { sameApp: true, header: 'yes' });
      // express 5 sets both prototypes on every request; here they are already the app's
      assert.equal(changed, 0);
    } finally {
      Object.setPrototypeOf = realSetPrototypeOf;
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects with the server\'s error when the port is taken', async () => {
    const first = await listen(express(), 0, '127.0.0.1');
    try {
      const { port } = first.address() as AddressInfo;
      await assert.rejects(listen(express(), port, '127.0.0.1'), /EADDRINUSE/);
    } finally {
      await new Promise((resolve) => first.close(resolve));
    }
  });
});
