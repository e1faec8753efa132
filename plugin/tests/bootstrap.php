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
require_once 'custom/modules/SpherePrivacy/SphereHooks.php';

$extDir = realpath(__DIR__ . '/../package/ext');
foreach (array('Contacts', 'Leads', 'Prospects', 'Accounts', 'application') as $scope) {
    LogicHook::$hookFiles[$scope] = array($extDir . '/hooks_' . $scope . '.php');
}
$customBeanList = array();
$customBeanFiles = array();
require 'custom/Extension/application/Ext/Include/sphere_privacy.php';

/**
 * The vardefs SuiteCRM has once the Module Loader installed the package: installdefs['custom_fields'] as
 * DynamicField::buildCache() turns their fields_meta_data rows into vardefs (source custom_fields), under the keys the
 * package's Ext/Vardefs files set (DynamicField::saveToVardef() keeps those). SphereTestCase gives each such module
 * its <table>_cstm table with one column per field, as DynamicField::addFieldObject() does.
 */
function sphere_installed_vardefs($manifestFile)
{
    $installdefs = array();
    include $manifestFile;
    $dictionary = array();
    foreach ($installdefs['vardefs'] as $ext) {
        include str_replace('<basepath>', dirname($manifestFile), $ext['from']);
    }
    foreach ($installdefs['custom_fields'] as $field) {
        $object = BeanFactory::$beanList[$field['module']];
        $fromMetaData = array(
            'id' => $field['module'] . $field['name'], 'custom_module' => $field['module'], 'source' => 'custom_fields',
            'name' => $field['name'], 'vname' => $field['label'], 'type' => $field['type'],
            'options' => isset($field['ext1']) ? $field['ext1'] : null, 'len' => isset($field['max_size']) ? $field['max_size'] : null,
            'default' => isset($field['default_value']) ? $field['default_value'] : null, 'required' => !empty($field['required']),
            'help' => isset($field['help']) ? $field['help'] : '', 'massupdate' => !empty($field['mass_update']),
        );
        $extension = isset($dictionary[$object]['fields'][$field['name']]) ? $dictionary[$object]['fields'][$field['name']] : array();
        $dictionary[$object]['fields'][$field['name']] = array_merge($fromMetaData, $extension);
        $dictionary[$object]['custom_fields'] = true;
    }
    return $dictionary;
}
$GLOBALS['dictionary'] = sphere_installed_vardefs(realpath(__DIR__ . '/../package/manifest.php'));
require_once __DIR__ . '/php/SphereTestCase.php';
require_once __DIR__ . '/php/RecordingLog.php';
require_once __DIR__ . '/php/RecordingClient.php';
