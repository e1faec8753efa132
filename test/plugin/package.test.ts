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
    const allowed = ['id', 'copy', 'hookdefs', 'language', 'vardefs', 'custom_fields', 'administration', 'entrypoints', 'scheduledefs', 'post_execute', 'pre_uninstall', 'post_uninstall'];
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
    assert.equal(count, 11);
  });

  it('has German and English labels with the same keys for every language installdef', () => {
    const byModule = new Map<string, Record<string, string>>();
    for (const l of defs.installdefs.language) {
      // labels, and every dropdown option as "list:key" (the keys are what gets stored, so they must match too)
      const keys = php('$mod_strings = []; $app_strings = []; $app_list_strings = []; include $argv[1]; $k = array_merge(array_keys($mod_strings), array_keys($app_strings)); foreach ($app_list_strings as $list => $options) { foreach ($options as $key => $label) { $k[] = "$list:$key"; } } sort($k); echo json_encode($k);',
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

  it('has every label of the settings page, its help texts and error messages in German and English', () => {
    const admin = defs.installdefs.language.filter((l: any) => l.to_module === 'Administration');
    const labels = Object.fromEntries(admin.map((l: any) => [l.language, JSON.parse(php('$mod_strings = []; include $argv[1]; echo json_encode($mod_strings);', join(extracted, l.from.replace('<basepath>/', ''))))])) as Record<string, Record<string, string>>;
    assert.deepEqual(Object.keys(labels).sort(), ['de_DE', 'en_us']);
    // every key the page and its controller use, found in their source
    const source = ['files/custom/modules/Administration/SphereSettings.php', 'files/custom/modules/SpherePrivacy/SphereSettingsController.php']
      .map((f) => php('echo file_get_contents($argv[1]);', join(extracted, f))).join('\n');
    const used = [...new Set(source.match(/LBL_SPHERE_[A-Z_]+/g) ?? [])];
    const settings = ['LBL_SPHERE_BUSINESS_CONTACTS', 'LBL_SPHERE_BUSINESS_CONTACTS_HELP', 'LBL_SPHERE_SPECIAL_FIELDS', 'LBL_SPHERE_SPECIAL_FIELDS_HELP',
      'LBL_SPHERE_ERR_SPECIAL_LINE', 'LBL_SPHERE_ERR_SPECIAL_CATEGORY', 'LBL_SPHERE_ERR_SPECIAL_DUPLICATE', 'LBL_SPHERE_ERR_SPECIAL_FIELD', 'LBL_SPHERE_NOT_SAVED'];
    for (const key of settings) assert.ok(used.includes(key), `${key} is used by the page or its controller`);
    const placeholders = (text: string): string[] => (text.match(/%(\d+\$)?[ds]/g) ?? []).sort();
    for (const key of used) {
      const de = labels.de_DE![key];
      const en = labels.en_us![key];
      assert.ok(de && en, `${key}: German and English label`);
      assert.deepEqual(placeholders(de), placeholders(en), `${key}: same sprintf placeholders in German and English`);
    }
    for (const key of settings) assert.notEqual(labels.de_DE![key], labels.en_us![key], `${key} is translated`);
    // the help lists the categories through one placeholder (SphereConfig::SPECIAL_CATEGORIES), the errors name the line
    for (const lang of ['de_DE', 'en_us']) {
      assert.deepEqual(placeholders(labels[lang]!.LBL_SPHERE_SPECIAL_FIELDS_HELP!), ['%s'], lang);
      for (const key of settings.filter((k) => k.startsWith('LBL_SPHERE_ERR_SPECIAL_'))) assert.match(labels[lang]![key]!, /%1\$d/, `${lang} ${key} names the line`);
      assert.match(labels[lang]!.LBL_SPHERE_SPECIAL_FIELDS_HELP!, /special_category_</, `${lang}: names the consent purpose`);
      assert.match(labels[lang]!.LBL_SPHERE_BUSINESS_CONTACTS_HELP!, /UWG/, `${lang}: names the law`);
    }
    // the pack reads person_type for advertising calls only; e-mail rules treat businesses and consumers alike
    assert.match(labels.en_us!.LBL_SPHERE_BUSINESS_CONTACTS_HELP!, /only changes decisions on phone calls/);
    assert.match(labels.en_us!.LBL_SPHERE_BUSINESS_CONTACTS_HELP!, /E-mail rules treat businesses and consumers alike/);
    assert.match(labels.de_DE!.LBL_SPHERE_BUSINESS_CONTACTS_HELP!, /nur Entscheidungen über Telefonanrufe/);
    assert.match(labels.de_DE!.LBL_SPHERE_BUSINESS_CONTACTS_HELP!, /Für E-Mails gelten für Unternehmen und Verbraucher dieselben Regeln/);
  });

  it('registers the campaign pre-check entry point for logged-in users only, with every label of the page and its link in German and English', () => {
    const registry = JSON.parse(php('$entry_point_registry = []; foreach (array_slice($argv, 1) as $f) { include $f; } echo json_encode($entry_point_registry);',
      ...defs.installdefs.entrypoints.map((e: any) => join(extracted, e.from.replace('<basepath>/', '')))));
    assert.deepEqual(registry.SpherePlan, { file: 'custom/modules/SpherePrivacy/entrypoint_plan.php', auth: true });
    assert.ok(entries.includes('files/custom/modules/SpherePrivacy/entrypoint_plan.php'));
    const source = ['SpherePlanPage.php', 'SphereHooks.php'].map((f) => php('echo file_get_contents($argv[1]);', join(extracted, 'files/custom/modules/SpherePrivacy', f))).join('\n');
    const used = [...new Set(source.match(/LBL_SPHERE_PLAN_[A-Z_]+/g) ?? [])];
    assert.ok(used.length >= 25 && used.includes('LBL_SPHERE_PLAN_LINK') && used.includes('LBL_SPHERE_PLAN_NO_ACCESS') && used.includes('LBL_SPHERE_PLAN_UNAVAILABLE'), used.join());
    const app = Object.fromEntries(defs.installdefs.language.filter((l: any) => l.to_module === 'application')
      .map((l: any) => [l.language, JSON.parse(php('$app_strings = []; $app_list_strings = []; include $argv[1]; echo json_encode($app_strings);', join(extracted, l.from.replace('<basepath>/', ''))))])) as Record<string, Record<string, string>>;
    const braces = (text: string): string[] => (text.match(/\{[a-z]+\}/g) ?? []).sort();
    for (const key of used) {
      assert.ok(app.de_DE![key] && app.en_us![key], `${key}: German and English label`);
      // "Name" is the same word in German
      if (key !== 'LBL_SPHERE_PLAN_NAME') assert.notEqual(app.de_DE![key], app.en_us![key], `${key} is translated`);
      assert.deepEqual(braces(app.de_DE![key]!), braces(app.en_us![key]!), `${key}: same placeholders`);
    }
  });

  it('adds the campaign consent purpose as a SuiteCRM custom field with its dropdown, labels and help in German and English', () => {
    const fields = defs.installdefs.custom_fields;
    assert.deepEqual(fields.map((f: any) => f.name), ['sphere_purpose_c', 'sphere_own_similar_c', 'sphere_objection_notice_c']);
    const field = fields[0];
    // install_custom_fields(): a campaigns_cstm column and a fields_meta_data row; uninstall_custom_fields() drops both
    assert.deepEqual({ name: field.name, module: field.module, type: field.type, ext1: field.ext1, label: field.label },
      { name: 'sphere_purpose_c', module: 'Campaigns', type: 'enum', ext1: 'sphere_campaign_purpose_list', label: 'LBL_SPHERE_PURPOSE' });
    assert.ok(!field.required && !('require_option' in field), 'optional (populateFromRow() would read any require_option string as required)');
    assert.equal(field.mass_update, 1, 'purposes can be set from the campaign list view');
    assert.ok(field.max_size >= 35 && field.max_size <= 255);
    // fields_meta_data.help is one untranslated text, shown as the tooltip in every language: the help is popupHelp below
    assert.equal(field.help, undefined, 'no English-only help text');

    const lists = (file: string): Record<string, Record<string, string>> =>
      JSON.parse(php('$app_list_strings = []; $app_strings = []; include $argv[1]; echo json_encode($app_list_strings, JSON_FORCE_OBJECT);', join(extracted, file)));
    const app = defs.installdefs.language.filter((l: any) => l.to_module === 'application');
    assert.deepEqual(app.map((l: any) => l.language).sort(), ['de_DE', 'en_us']);
    for (const l of app) {
      const options = lists(l.from.replace('<basepath>/', ''))['sphere_campaign_purpose_list'];
      assert.ok(options, `${l.language}: sphere_campaign_purpose_list`);
      assert.equal(Object.keys(options)[0], '', `${l.language}: the empty option comes first`);
      for (const key of ['newsletter', 'marketing', 'marketing_personalised_offers', 'offers', 'partner_offers', 'customer_care']) {
        assert.ok(options[key], `${l.language}: ${key} has a label`);
      }
    }

    const campaigns = defs.installdefs.language.filter((l: any) => l.to_module === 'Campaigns');
    assert.deepEqual(campaigns.map((l: any) => l.language).sort(), ['de_DE', 'en_us']);
    const vardef = defs.installdefs.vardefs.find((v: any) => v.to_module === 'Campaigns' && v.from.endsWith('_sphere_purpose_c.php'));
    // the file name install_custom_fields() merges into the field and DynamicField::deleteField() removes
    assert.equal(vardef?.from, '<basepath>/ext/sugarfield_sphere_purpose_c.php');
    const help = JSON.parse(php('$dictionary = []; include $argv[1]; echo json_encode($dictionary);', join(extracted, vardef.from.replace('<basepath>/', ''))));
    assert.deepEqual(help, { Campaign: { fields: { sphere_purpose_c: { popupHelp: 'LBL_SPHERE_PURPOSE_HELP' } } } }, 'only the translated help; the definition is the custom field');
    for (const l of campaigns) {
      const labels = JSON.parse(php('$mod_strings = []; include $argv[1]; echo json_encode($mod_strings);', join(extracted, l.from.replace('<basepath>/', ''))));
      assert.ok(labels.LBL_SPHERE_PURPOSE, `${l.language}: field label`);
      assert.match(labels.LBL_SPHERE_PURPOSE_HELP, l.language === 'de_DE' ? /eingewilligt/ : /consented/, `${l.language}: help text`);
    }

    // the vardef file addFieldObject() writes goes before uninstall_extensions recompiles the vardefs, and only with the field
    assert.equal(defs.installdefs.pre_uninstall.length, 1);
    const preUninstall = php('echo file_get_contents($argv[1]);', join(extracted, defs.installdefs.pre_uninstall[0].replace('<basepath>/', '')));
    assert.match(preUninstall, /_override_sugarfield_sphere_purpose_c\.php/);
    assert.match(preUninstall, /\$GLOBALS\['mi_remove_tables'\]/);
    const postUninstall = php('echo file_get_contents($argv[1]);', join(extracted, defs.installdefs.post_uninstall[0].replace('<basepath>/', '')));
    assert.doesNotMatch(postUninstall, /unlink\(\$sphereFieldOverride\)/, 'too late after uninstall_extensions');
  });

  it('adds the UWG §7(3) campaign declarations as unchecked checkboxes with labels and help in German and English, removed like the purpose', () => {
    const declarations = [
      { name: 'sphere_own_similar_c', label: 'LBL_SPHERE_OWN_SIMILAR', nr: '2', en: /own goods or services that are similar to those the recipients bought/, de: /eigene Waren oder Dienstleistungen .* ähnlich/ },
      { name: 'sphere_objection_notice_c', label: 'LBL_SPHERE_OBJECTION_NOTICE', nr: '4', en: /every e-mail .* object .* at any time/, de: /jede E-Mail .* jederzeit widersprechen/ },
    ];
    const campaignLabels = Object.fromEntries(defs.installdefs.language.filter((l: any) => l.to_module === 'Campaigns')
      .map((l: any) => [l.language, JSON.parse(php('$mod_strings = []; include $argv[1]; echo json_encode($mod_strings);', join(extracted, l.from.replace('<basepath>/', ''))))])) as Record<string, Record<string, string>>;
    assert.deepEqual(Object.keys(campaignLabels).sort(), ['de_DE', 'en_us']);
    const preUninstall = php('echo file_get_contents($argv[1]);', join(extracted, defs.installdefs.pre_uninstall[0].replace('<basepath>/', '')));
    for (const d of declarations) {
      const field = defs.installdefs.custom_fields.find((f: any) => f.name === d.name);
      assert.ok(field, `${d.name} is a custom field`);
      // a checkbox (bool → tinyint(1)) on Campaigns, unchecked unless someone ticks it; installed like sphere_purpose_c
      assert.deepEqual({ module: field.module, type: field.type, label: field.label, default_value: field.default_value },
        { module: 'Campaigns', type: 'bool', label: d.label, default_value: '0' }, d.name);
      assert.ok(!field.required && !('require_option' in field), `${d.name}: optional`);
      assert.equal(field.mass_update, 1, `${d.name}: can be set from the campaign list view`);
      assert.equal(field.audited, 1, `${d.name}: who declared what, when, is audited`);
      assert.equal(field.help, undefined, `${d.name}: no English-only help text`);
      assert.ok(field.comments.length <= 255, `${d.name}: fields_meta_data.comments is varchar(255)`);

      // the translated help: popupHelp in the sugarfield_<name>.php file install_custom_fields() merges
      const vardef = defs.installdefs.vardefs.find((v: any) => v.to_module === 'Campaigns' && v.from === `<basepath>/ext/sugarfield_${d.name}.php`);
      assert.ok(vardef, `${d.name}: vardefs installdef named as install_custom_fields() and DynamicField::deleteField() expect`);
      const help = JSON.parse(php('$dictionary = []; include $argv[1]; echo json_encode($dictionary);', join(extracted, vardef.from.replace('<basepath>/', ''))));
      assert.deepEqual(help, { Campaign: { fields: { [d.name]: { popupHelp: `${d.label}_HELP` } } } }, `${d.name}: only the translated help`);

      const en = campaignLabels.en_us!;
      const de = campaignLabels.de_DE!;
      for (const [lang, labels] of [['en_us', en], ['de_DE', de]] as const) {
        assert.ok(labels[d.label], `${lang}: ${d.label}`);
        assert.match(labels[d.label]!, /^Sphere: /, `${lang}: ${d.label} names the package like the purpose`);
        assert.ok(labels[`${d.label}_HELP`], `${lang}: ${d.label}_HELP`);
      }
      assert.notEqual(de[d.label], en[d.label], `${d.label} is translated`);
      assert.notEqual(de[`${d.label}_HELP`], en[`${d.label}_HELP`], `${d.label}_HELP is translated`);
      // what ticking declares, and that the existing-customer exception needs it
      assert.match(en[`${d.label}_HELP`]!, /^Tick this only if/);
      assert.match(en[`${d.label}_HELP`]!, d.en);
      assert.match(en[`${d.label}_HELP`]!, /Ticking it declares/);
      assert.match(en[`${d.label}_HELP`]!, /existing-customer exception \(UWG §7\(3\)\)/);
      assert.match(en[`${d.label}_HELP`]!, new RegExp(`UWG §7\\(3\\) No\\. ${d.nr}`));
      assert.match(en[`${d.label}_HELP`]!, /left unticked, the exception does not apply/);
      assert.match(de[`${d.label}_HELP`]!, /^Nur ankreuzen, wenn/);
      assert.match(de[`${d.label}_HELP`]!, d.de);
      assert.match(de[`${d.label}_HELP`]!, /Mit dem Häkchen erklären Sie/);
      assert.match(de[`${d.label}_HELP`]!, /Ausnahme für Bestandskunden \(§ 7 Abs\. 3 UWG\)/);
      assert.match(de[`${d.label}_HELP`]!, new RegExp(`§ 7 Abs\\. 3 Nr\\. ${d.nr} UWG`));
      assert.match(de[`${d.label}_HELP`]!, /Ohne Häkchen gilt die Ausnahme/);
      // proper German: umlauts and ß as UTF-8, never transliterated
      assert.match(de[`${d.label}_HELP`]!, /[äöüß]/, `${d.label}_HELP: German with umlauts`);
      assert.doesNotMatch(de[d.label]! + de[`${d.label}_HELP`]!, /fuer|aehnlich|Haekchen|ausschliesslich|Uebermittlung|&[a-z]+;|\\u00/i, `${d.label}: no transliterated umlauts`);

      // the override DynamicField wrote goes before the vardefs are recompiled, only with "remove tables"
      assert.match(preUninstall, new RegExp(`_override_sugarfield_${d.name}\\.php`), `${d.name}: override deleted on uninstall`);
    }
    assert.match(campaignLabels.de_DE!.LBL_SPHERE_OWN_SIMILAR!, /für eigene ähnliche Waren/);
    assert.match(campaignLabels.de_DE!.LBL_SPHERE_OBJECTION_NOTICE!, /Widerspruchshinweis in jeder E-Mail/);
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
