// Builds the Module Loader package dist/sphere-suitecrm-<version>.zip from plugin/package (manifest.php at the zip root).
// fflate writes the archive in-process: `npm start` builds this zip on a fresh machine, where only Node is installed
// (PHP arrives with `npm test`). The zip keeps what PHP's ZipArchive wrote before: deflated files, no directory
// entries, Unix modes and mtimes, in packageFiles() order.
import { zipSync, type Zippable } from 'fflate';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const pluginRoot = join(__dirname, '..');
export const packageRoot = join(pluginRoot, 'package');

export function pluginVersion(): string {
  const m = /'version'\s*=>\s*'([^']+)'/.exec(readFileSync(join(packageRoot, 'manifest.php'), 'utf8'));
  if (!m?.[1]) throw new Error('plugin/package/manifest.php: no $manifest[\'version\'] found');
  return m[1];
}

/** Package-relative paths (forward slashes) of every file that goes into the zip. */
export function packageFiles(dir = packageRoot): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? packageFiles(full) : [relative(packageRoot, full).split(sep).join('/')];
  });
}

export function buildPluginZip(outDir = join(pluginRoot, '..', 'dist')): string {
  const out = join(outDir, `sphere-suitecrm-${pluginVersion()}.zip`);
  mkdirSync(outDir, { recursive: true });
  rmSync(out, { force: true });
  // zipSync writes entries in key insertion order; only integer-like keys would jump ahead, and no package path is one.
  const entries: Zippable = {};
  for (const file of packageFiles()) {
    const full = join(packageRoot, file);
    const { mode, mtime } = statSync(full);
    entries[file] = [readFileSync(full), { os: 3, attrs: (mode & 0o170777) << 16 >>> 0, mtime }];
  }
  writeFileSync(out, zipSync(entries));
  return out;
}

if (require.main === module || process.argv[1] === __filename) {
  console.log(`plugin: ${relative(process.cwd(), buildPluginZip())}`);
}
