// Builds the Module Loader zip and checks what SuiteCRM's installer reads: manifest, installdefs, referenced files, PHP syntax.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPluginZip, pluginVersion } from '../../plugin/build/build-zip';
import { SPHERE_SUMMARY_MODULES } from '../../migrations';
import { SPHERE_CUSTOM_FIELDS } from '../../migrations/1732300000001-SuiteCrmCustomFields';

const php = (code: string, ...args: string[]): string => execFileSync('php', ['-r', code, '--', ...args], { encoding: 'utf8' });

interface Manifest {
  manifest: Record<string, any>;
  installdefs: Record<string, any>;
}

describe('SuiteCRM plugin package (Module Loader zip)', function () {
  this.timeout(60_000);
  let dir: string;
  let zip: string;
  let entries: string[];
  let extracted: string;
  let defs: Manifest;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sphere-plugin-zip-'));
    zip = buildPluginZip(dir);
    extracted = join(dir, 'x');
    entries = JSON.parse(php('$z = new ZipArchive(); $z->open($argv[1]); $z->extractTo($argv[2]); $n = []; for ($i = 0; $i < $z->numFiles; $i++) { $n[] = $z->getNameIndex($i); } echo json_encode($n);', zip, extracted));
    defs = JSON.parse(php('include $argv[1]; echo json_encode(["manifest" => $manifest, "installdefs" => $installdefs]);', join(extracted, 'manifest.php')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is named after the manifest version and has manifest.php at its root', () => {
    assert.equal(zip, join(dir, `sphere-suitecrm-${pluginVersion()}.zip`));
    assert.ok(entries.includes('manifest.php'));
    assert.ok(!entries.some((e) => /(^|\/)tests?\//.test(e)), 'tests stay out of the package');
    const hooks = php('echo file_get_contents($argv[1]);', join(extracted, 'files/custom/modules/SpherePrivacy/SphereHooks.php'));
    assert.match(hooks, new RegExp(`define\\('SPHERE_PLUGIN_VERSION', '${pluginVersion().replace(/\./g, '\\.')}'\\)`), 'script cache-buster follows the manifest version');
  });

  it('accepts SuiteCRM 7.14.x and 8.x only and is uninstallable', () => {
    const m = defs.manifest;
    assert.deepEqual(m.acceptable_suitecrm_versions, { regex_matches: ['^7\\.14\\.', '^8\\.'] });
    const accepts = (v: string): boolean => m.acceptable_suitecrm_versions.regex_matches.some((r: string) => new RegExp(r).test(v));
    assert.ok(accepts('7.14.6') && accepts('8.8.0'));
    assert.ok(!accepts('7.13.4') && !accepts('7.1.4'));
    assert.equal(m.is_uninstallable, true);
    assert.equal(m.type, 'module');
    assert.ok(m.name && m.version && m.author && m.published_date);
  });

  it('uses Extension-framework installdefs only and copies into custom/ paths, never a core module folder', () => {
    const d = defs.installdefs;
    assert.equal(d.id, 'sphere_privacy');
    const allowed = ['id', 'copy', 'hookdefs', 'language', 'vardefs', 'administration', 'entrypoints', 'scheduledefs', 'post_execute', 'post_uninstall'];
    assert.deepEqual(Object.keys(d).filter((k) => !allowed.includes(k)), []);
    assert.equal(d.logic_hooks, undefined, 'no rewrite of custom/modules/<M>/logic_hooks.php');
    for (const c of d.copy) assert.match(c.to, /^custom\//, `copy target ${c.to}`);
    assert.deepEqual(d.hookdefs.map((h: any) => h.to_module).sort(), ['Accounts', 'Contacts', 'Leads', 'Prospects', 'application']);
    assert.ok(d.copy.some((c: any) => c.to === 'custom/Extension/application/Ext/Include/sphere_privacy.php'), '$customBeanList include');
  });

  it('references only files that are in the package', () => {
    const refs: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string' && v.startsWith('<basepath>/')) refs.push(v.slice('<basepath>/'.length));
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(defs.installdefs);
    assert.ok(refs.length >= 20);
    for (const ref of refs) assert.ok(entries.includes(ref) || entries.some((e) => e.startsWith(ref + '/')), `missing ${ref}`);
  });

  it('registers every hook early with a file and class that the package installs', () => {
    const hooks = JSON.parse(php('$out = []; foreach (array_slice($argv, 1) as $f) { $hook_array = []; include $f; $out[basename($f)] = $hook_array; } echo json_encode($out);',
      ...defs.installdefs.hookdefs.map((h: any) => join(extracted, h.from.replace('<basepath>/', '')))));
    const installed = new Set(defs.installdefs.copy.flatMap((c: any) => entries.filter((e) => e === c.from.replace('<basepath>/', '') || e.startsWith(c.from.replace('<basepath>/', '') + '/'))
      .map((e: string) => c.to + e.slice(c.from.replace('<basepath>/', '').length))));
    let count = 0;
    for (const [file, events] of Object.entries<Record<string, any[]>>(hooks)) {
      for (const [event, list] of Object.entries(events)) {
        for (const [order, label, path, cls, method] of list) {
          count++;
          assert.ok(Number.isInteger(order) && order < 77, `${file} ${event} order ${order} runs before the default geocode hooks`);
          assert.ok(label && cls && method);
          assert.ok(installed.has(path), `${file}: ${path} is installed by a copy installdef`);
        }
      }
    }
    assert.ok(hooks['hooks_Contacts.php'].before_save);
    assert.ok(hooks['hooks_application.php'].handle_exception && hooks['hooks_application.php'].after_ui_frame);
    assert.equal(count, 10);
  });

  it('has German and English labels with the same keys for every language installdef', () => {
    const byModule = new Map<string, Record<string, string>>();
    for (const l of defs.installdefs.language) {
      const keys = php('$mod_strings = []; $app_strings = []; $app_list_strings = []; include $argv[1]; $k = array_merge(array_keys($mod_strings), array_keys($app_strings), array_keys($app_list_strings["campainglog_activity_type_dom"] ?? [])); sort($k); echo json_encode($k);',
        join(extracted, l.from.replace('<basepath>/', '')));
      byModule.set(l.to_module, { ...(byModule.get(l.to_module) ?? {}), [l.language]: keys });
    }
    for (const [module, langs] of byModule) {
      assert.deepEqual(Object.keys(langs).sort(), ['de_DE', 'en_us'], module);
      assert.equal(langs.de_DE, langs.en_us, `${module}: same label keys in de_DE and en_us`);
    }
    assert.match(byModule.get('application')!.en_us!, /sphere_blocked/);
    // the labels of the summary fields the connector's migrations add
    for (const module of SPHERE_SUMMARY_MODULES.map((m) => m.module)) {
      for (const field of SPHERE_CUSTOM_FIELDS) assert.ok(JSON.parse(byModule.get(module)?.en_us ?? '[]').includes(field.vname), `${module}: ${field.vname}`);
    }
  });

  it('passes php -l on every PHP file and uses no PHP 8.0-only syntax', () => {
    const phpFiles = entries.filter((e) => e.endsWith('.php'));
    assert.ok(phpFiles.length >= 25);
    for (const f of phpFiles) {
      const out = execFileSync('php', ['-l', join(extracted, f)], { encoding: 'utf8' });
      assert.match(out, /No syntax errors/, f);
      const src = php('echo file_get_contents($argv[1]);', join(extracted, f));
      assert.doesNotMatch(src, /\bmatch\s*\(|\?->|\bfunction\s+__construct\s*\(\s*(public|private|protected)\b|\)\s*:\s*static\b/, `${f}: PHP 8.0-only syntax`);
      assert.doesNotMatch(src, /\bexit\s*[;(]/, `${f}: no exit in plugin code`);
    }
  });
});
