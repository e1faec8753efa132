// Fixtures of the browser tests: a PHP built-in server on loopback running one of plugin/tests/browser's routers, and
// headless Chromium from Debian (/usr/bin/chromium) driven by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './connector';

/** A loopback port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Resolves once `url` answers at all (any status), within ~10 s. */
async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not come up`);
}

/** PHP's built-in server on a free loopback port with `router` (a file in plugin/tests/browser), once it answers. */
export async function startPhpRouter(router: string, env: Record<string, string>): Promise<{ base: string; process: ChildProcess }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn('php', ['-S', `127.0.0.1:${port}`, join(repoRoot, 'plugin', 'tests', 'browser', router)], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  await waitForHttp(`${base}/index.php`);
  return { base, process: child };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
