// The HTTP server for the express app. Express 5 gives every request and response its app's prototypes with
// Object.setPrototypeOf (app.handle). V8 pays for that change on each object: measured on a bare express app, a tenth
// of the young generation then survived every scavenge and was promoted, scavenges took ~2.8 ms instead of ~0.4 ms,
// and one connection was answered at ~2,400 instead of ~4,100 requests/s. Here Node builds requests and responses from
// classes whose prototypes are the app's, so express finds the prototype already in place and changes nothing.
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

function httpServerFor(app: Express): Server {
  class Request extends IncomingMessage {}
  class Response extends ServerResponse {}
  // Request.prototype → the app's request prototype (express's helpers, req.app) → IncomingMessage.prototype
  Object.setPrototypeOf(Request.prototype, app.request);
  Object.setPrototypeOf(Response.prototype, app.response);
  app.request = Request.prototype as unknown as Express['request'];
  app.response = Response.prototype as unknown as Express['response'];
  return createServer({ IncomingMessage: Request, ServerResponse: Response }, app);
}

/** Listens on host:port; rejects with the server's error (address in use, say) instead of throwing it later. */
export function listen(app: Express, port: number, host: string): Promise<Server> {
  const server = httpServerFor(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
