<?php
/**
 * The package's uninstall scripts, run as the Module Loader runs them (require_once, cwd = the SuiteCRM root) in a
 * throw-away root. ModuleInstaller::uninstall(): pre_uninstall, …, uninstall_extensions (recompiles the vardefs),
 * post_uninstall, then uninstall_custom_fields() only when $GLOBALS['mi_remove_tables'].
 */
class UninstallTest extends SphereTestCase
{
    const OVERRIDE = 'custom/Extension/modules/Campaigns/Ext/Vardefs/_override_sugarfield_sphere_purpose_c.php';

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
        mkdir($this->root . '/' . dirname(self::OVERRIDE), 0777, true);
        // what DynamicField::saveExtendedAttributes() wrote when the field was installed
        file_put_contents($this->root . '/' . self::OVERRIDE, "<?php\n\$dictionary['Campaign']['fields']['sphere_purpose_c']['inline_edit'] = '1';\n");
        chdir($this->root);
    }

    protected function tearDown(): void
    {
        chdir($this->cwd);
        if (is_file($this->root . '/' . self::OVERRIDE)) {
            unlink($this->root . '/' . self::OVERRIDE);
        }
        foreach (array('custom/Extension/modules/Campaigns/Ext/Vardefs', 'custom/Extension/modules/Campaigns/Ext', 'custom/Extension/modules/Campaigns', 'custom/Extension/modules', 'custom/Extension', 'custom', '') as $dir) {
            rmdir($this->root . '/' . $dir);
        }
        unset($GLOBALS['mi_remove_tables']);
        parent::tearDown();
    }

    /** @return array the package's uninstall scripts in the Module Loader's order */
    private function scripts($key)
    {
        $installdefs = array();
        include __DIR__ . '/../../package/manifest.php';
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

    public function testTheFieldOverrideGoesBeforeTheVardefsAreRecompiledWhenTheTablesAreRemoved()
    {
        $GLOBALS['mi_remove_tables'] = true;
        $this->assertCount(1, $this->scripts('pre_uninstall'));
        $this->runScripts('pre_uninstall');
        $this->assertFileDoesNotExist(self::OVERRIDE, 'gone before uninstall_extensions recompiles the Campaigns vardefs');
    }

    public function testDoNotRemoveTablesKeepsTheFieldAndItsOverride()
    {
        $GLOBALS['mi_remove_tables'] = false;
        $this->runScripts('pre_uninstall');
        $this->runScripts('post_uninstall');
        $this->assertFileExists(self::OVERRIDE, 'the field stays (column, fields_meta_data row): so does its definition');
    }

    public function testThePostUninstallScriptLeavesTheFieldToTheModuleLoader()
    {
        $GLOBALS['mi_remove_tables'] = true;
        $GLOBALS['db']->query("INSERT INTO config (category, name, value) VALUES ('sphere', 'url', 'http://127.0.0.1:8080')");
        $this->runScripts('post_uninstall');
        $this->assertSame(0, $this->rowCount("SELECT COUNT(*) FROM config WHERE category = 'sphere'"));
        $this->assertFileExists(self::OVERRIDE, 'too late here: deleting it after uninstall_extensions left it compiled into the vardefs');
    }
}
