<?php
/**
 * PHPUnit bootstrap: a throw-away SuiteCRM root whose custom/ is the package's files and whose core modules are the
 * stand-ins, a real SQLite database, and the plugin's own hookdefs and $customBeanList include.
 * Connector URLs come from the mocha suite test/plugin/phpunit.test.ts (env SPHERE_*).
 */
error_reporting(E_ALL);
set_error_handler(function ($severity, $message, $file, $line) {
    // The import UI fails on any echoed notice (§2), so every notice or warning fails the test.
    throw new ErrorException($message, 0, $severity, $file, $line);
});
define('sugarEntry', true);

$sphereRoot = sys_get_temp_dir() . '/sphere-suitecrm-' . getmypid();
if (!is_dir($sphereRoot)) {
    mkdir($sphereRoot);
    symlink(realpath(__DIR__ . '/../package/files/custom'), $sphereRoot . '/custom');
    symlink(realpath(__DIR__ . '/suitecrm/modules'), $sphereRoot . '/modules');
}
chdir($sphereRoot);
register_shutdown_function(function () use ($sphereRoot) {
    unlink($sphereRoot . '/custom');
    unlink($sphereRoot . '/modules');
    rmdir($sphereRoot);
});

require_once __DIR__ . '/suitecrm/include/standins.php';
require_once __DIR__ . '/suitecrm/include/schema.php';
require_once 'custom/modules/SpherePrivacy/SphereHooks.php';

$extDir = realpath(__DIR__ . '/../package/ext');
foreach (array('Contacts', 'Leads', 'Prospects', 'Accounts', 'application') as $scope) {
    LogicHook::$hookFiles[$scope] = array($extDir . '/hooks_' . $scope . '.php');
}
$customBeanList = array();
$customBeanFiles = array();
require 'custom/Extension/application/Ext/Include/sphere_privacy.php';

$GLOBALS['dictionary'] = sphere_installed_vardefs(realpath(__DIR__ . '/../package/manifest.php'));
require_once __DIR__ . '/php/SphereTestCase.php';
require_once __DIR__ . '/php/RecordingLog.php';
require_once __DIR__ . '/php/RecordingClient.php';
