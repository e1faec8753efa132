<?php
/**
 * The package's uninstall scripts, run as the Module Loader runs them (require_once, cwd = the SuiteCRM root) in a
 * throw-away root. ModuleInstaller::uninstall(): pre_uninstall, …, uninstall_extensions (recompiles the vardefs),
 * post_uninstall, then uninstall_custom_fields() only when $GLOBALS['mi_remove_tables'].
 */
class UninstallTest extends SphereTestCase
{
    const VARDEFS = 'custom/Extension/modules/Campaigns/Ext/Vardefs';
    /** the campaign fields this suite expects; testEveryCampaignFieldOfTheManifestIsCovered keeps the list honest */
    const FIELDS = array('sphere_purpose_c', 'sphere_own_similar_c', 'sphere_objection_notice_c');

    /** @var string */
    private $root;
    /** @var string */
    private $cwd;

    protected function setUp(): void
    {
        parent::setUp();
        $GLOBALS['db']->pdo->exec('CREATE TABLE schedulers (id TEXT, job TEXT, deleted INTEGER DEFAULT 0)');
        $this->cwd = getcwd();
        $this->root = sys_get_temp_dir() . '/sphere-uninstall-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($this->root . '/' . self::VARDEFS, 0777, true);
        // what DynamicField::saveExtendedAttributes() wrote when each field was installed
        foreach (self::FIELDS as $field) {
            file_put_contents($this->root . '/' . self::override($field), "<?php\n\$dictionary['Campaign']['fields']['" . $field . "']['inline_edit'] = '1';\n");
        }
        chdir($this->root);
    }

    protected function tearDown(): void
    {
        chdir($this->cwd);
        foreach (self::FIELDS as $field) {
            if (is_file($this->root . '/' . self::override($field))) {
                unlink($this->root . '/' . self::override($field));
            }
        }
        foreach (array('custom/Extension/modules/Campaigns/Ext/Vardefs', 'custom/Extension/modules/Campaigns/Ext', 'custom/Extension/modules/Campaigns', 'custom/Extension/modules', 'custom/Extension', 'custom', '') as $dir) {
            rmdir($this->root . '/' . $dir);
        }
        unset($GLOBALS['mi_remove_tables']);
        parent::tearDown();
    }

    private static function override($field)
    {
        return self::VARDEFS . '/_override_sugarfield_' . $field . '.php';
    }

    /** @return array the manifest's installdefs */
    private static function installdefs()
    {
        $installdefs = array();
        include __DIR__ . '/../../package/manifest.php';
        return $installdefs;
    }

    /** @return array the package's uninstall scripts in the Module Loader's order */
    private function scripts($key)
    {
        $installdefs = self::installdefs();
        return array_map(function ($script) {
            return str_replace('<basepath>', realpath(__DIR__ . '/../../package'), $script);
        }, isset($installdefs[$key]) ? $installdefs[$key] : array());
    }

    private function runScripts($key)
    {
        foreach ($this->scripts($key) as $script) {
            (function () use ($script) {
                require $script;
            })();
        }
    }

    public function testEveryCampaignFieldOfTheManifestIsCovered()
    {
        $names = array();
        foreach (self::installdefs()['custom_fields'] as $field) {
            $this->assertSame('Campaigns', $field['module'], $field['name']);
            $names[] = $field['name'];
        }
        $this->assertSame(self::FIELDS, $names, 'the purpose and the two UWG §7(3) declarations');
    }

    public function testTheFieldOverridesGoBeforeTheVardefsAreRecompiledWhenTheTablesAreRemoved()
    {
        $GLOBALS['mi_remove_tables'] = true;
        $this->assertCount(1, $this->scripts('pre_uninstall'));
        $this->runScripts('pre_uninstall');
        foreach (self::FIELDS as $field) {
            $this->assertFileDoesNotExist(self::override($field), $field . ': gone before uninstall_extensions recompiles the Campaigns vardefs');
        }
    }

    public function testThePreUninstallScriptDeletesOnlyTheOverridesOfItsOwnFields()
    {
        $GLOBALS['mi_remove_tables'] = true;
        // an override of a Studio field of the admin's and the field's sugarfield_ file the Module Loader itself removes
        $others = array(self::override('sphere_notes_c'), self::VARDEFS . '/sugarfield_sphere_own_similar_c.php');
        foreach ($others as $file) {
            file_put_contents($file, "<?php\n");
        }
        $this->runScripts('pre_uninstall');
        foreach ($others as $file) {
            $this->assertFileExists($file);
            unlink($file);
        }
    }

    public function testDoNotRemoveTablesKeepsTheFieldsAndTheirOverrides()
    {
        $GLOBALS['mi_remove_tables'] = false;
        $this->runScripts('pre_uninstall');
        $this->runScripts('post_uninstall');
        foreach (self::FIELDS as $field) {
            $this->assertFileExists(self::override($field), $field . ' stays (column, fields_meta_data row): so does its definition');
        }
    }

    public function testThePostUninstallScriptLeavesTheFieldToTheModuleLoader()
    {
        $GLOBALS['mi_remove_tables'] = true;
        $GLOBALS['db']->query("INSERT INTO config (category, name, value) VALUES ('sphere', 'url', 'http://127.0.0.1:8080')");
        $this->runScripts('post_uninstall');
        $this->assertSame(0, $this->rowCount("SELECT COUNT(*) FROM config WHERE category = 'sphere'"));
        foreach (self::FIELDS as $field) {
            $this->assertFileExists(self::override($field), $field . ': too late here, deleting it after uninstall_extensions left it compiled into the vardefs');
        }
    }
}
