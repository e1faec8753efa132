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

const PUBLISH_PATH = '/v1/policies';
/** Characters of a non-JSON answer shown (a proxy's HTML error page, say): enough to recognise it. */
const ANSWER_EXCERPT = 300;

/**
 * The connector route under the base URL, keeping a base path (http://h/sphere → http://h/sphere/v1/policies).
 * The signature covers the connector's own path, as the SuiteCRM plugin signs it: a proxy in front strips its prefix.
 */
function connectorUrl(base: string, path: string): URL {
  const url = new URL(base);
  url.pathname = url.pathname.replace(/\/*$/, '') + path;
  return url;
}

// `reason` comes with a 401 from the signature check.
interface PublishAnswer { revision?: string; message?: string; reason?: string; details?: string[] }

/** The connector answers JSON objects; anything else (null) came from something in between. */
function parseAnswer(text: string): PublishAnswer | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as PublishAnswer : null;
  } catch {
    return null;
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
      const res = await fetch(connectorUrl(options.to, PUBLISH_PATH), {
        method: 'POST',
        headers: { 'Content-Type': 'application/gzip', 'X-Sphere-Author': options.author, ...signRequest(secret, 'POST', PUBLISH_PATH, body) },
        body: new Uint8Array(body),
      });
      const text = await res.text();
      const answer = parseAnswer(text);
      if (!answer) {
        console.error(`publish answered ${res.status} without a JSON body (is --to the connector?): ${text.slice(0, ANSWER_EXCERPT)}`);
        process.exitCode = 1;
        return;
      }
      if (!res.ok) {
        console.error(`publish failed (${res.status}): ${answer.message ?? answer.reason ?? ''}`);
        for (const line of answer.details ?? []) console.error(`  ${line}`);
        process.exitCode = 1;
        return;
      }
      console.log(`published and activated revision ${answer.revision}`);
    });
}
