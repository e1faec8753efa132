// Builds the Module Loader package dist/sphere-suitecrm-<version>.zip from plugin/package (manifest.php at the zip root).
// PHP's ZipArchive writes the archive: php-cli is already required for the plugin's tests, so no extra npm package.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
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

const ZIP_SCRIPT = `
$zip = new ZipArchive();
$out = $argv[1]; $root = $argv[2];
if ($zip->open($out, ZipArchive::CREATE | ZipArchive::OVERWRITE) !== true) { fwrite(STDERR, "cannot create $out\\n"); exit(1); }
foreach (array_slice($argv, 3) as $file) { $zip->addFile($root . '/' . $file, $file); }
if (!$zip->close()) { fwrite(STDERR, "cannot write $out\\n"); exit(1); }
`;

export function buildPluginZip(outDir = join(pluginRoot, '..', 'dist')): string {
  const out = join(outDir, `sphere-suitecrm-${pluginVersion()}.zip`);
  mkdirSync(outDir, { recursive: true });
  rmSync(out, { force: true });
  const res = spawnSync('php', ['-r', ZIP_SCRIPT, '--', out, packageRoot, ...packageFiles()], { encoding: 'utf8' });
  if (res.error) throw new Error(`php-cli is needed to build the plugin zip: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`building ${out} failed: ${res.stderr}`);
  return out;
}

if (require.main === module || process.argv[1] === __filename) {
  console.log(`plugin: ${relative(process.cwd(), buildPluginZip())}`);
}
