import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { create as createTar } from 'tar';
import { signRequest } from '../../security/hmac';

async function archive(path: string): Promise<Buffer> {
  if (statSync(path).isFile()) return readFileSync(path);
  const work = mkdtempSync(join(tmpdir(), 'sphere-publish-cli-'));
  try {
    const file = join(work, 'policy.tar.gz');
    await createTar({ gzip: true, cwd: path, file, portable: true }, ['.']);
    return readFileSync(file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Adds `publish` to the `policy` group (owned by the toolchain's policy.ts) or creates the group if it is not registered. */
export function registerPublishCommand(program: Command): void {
  const policy = program.commands.find((c) => c.name() === 'policy') ?? program.command('policy').description('policy toolchain');
  policy
    .command('publish <path>')
    .description('publish a policy folder (compiled and tested by the connector) or a bundle .tar.gz to a running connector')
    .requiredOption('--to <url>', 'connector base URL, e.g. http://127.0.0.1:8080')
    .option('--secret <secret>', 'shared secret (default: SPHERE_SHARED_SECRET)')
    .option('--author <name>', 'recorded as the revision author', process.env.USER ?? 'cli')
    .action(async (path: string, options: { to: string; secret?: string; author: string }) => {
      const secret = options.secret ?? process.env.SPHERE_SHARED_SECRET;
      if (!secret) throw new Error('no shared secret: pass --secret or set SPHERE_SHARED_SECRET');
      const body = await archive(path);
      const url = new URL('/v1/policies', options.to);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/gzip', 'X-Sphere-Author': options.author, ...signRequest(secret, 'POST', url.pathname, body) },
        body: new Uint8Array(body),
      });
      const answer = (await res.json()) as { revision?: string; message?: string; details?: string[] };
      if (!res.ok) {
        console.error(`publish failed (${res.status}): ${answer.message ?? ''}`);
        for (const line of answer.details ?? []) console.error(`  ${line}`);
        process.exitCode = 1;
        return;
      }
      console.log(`published and activated revision ${answer.revision}`);
    });
}
