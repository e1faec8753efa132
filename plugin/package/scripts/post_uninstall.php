<?php
// Sphere's own state: settings (config table, category "sphere"), the scheduler row and the fail-open queue.
$GLOBALS['db']->query("DELETE FROM config WHERE category = 'sphere'");
$GLOBALS['db']->query("UPDATE schedulers SET deleted = 1 WHERE job = 'function::sphereReplayUnchecked'");
$sphereQueueDir = (isset($GLOBALS['sugar_config']['cache_dir']) ? $GLOBALS['sugar_config']['cache_dir'] : 'cache/') . 'sphere';
if (is_dir($sphereQueueDir)) {
    foreach ((array) glob($sphereQueueDir . '/*') as $sphereFile) {
        unlink($sphereFile);
    }
    rmdir($sphereQueueDir);
}
// The campaign fields (purpose, UWG §7(3) declarations) are the Module Loader's (uninstall_custom_fields()) and pre_uninstall.php's.
