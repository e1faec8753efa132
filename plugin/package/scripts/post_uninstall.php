<?php
// Leave nothing behind: settings (config table, category "sphere"), the scheduler row and the fail-open queue.
$GLOBALS['db']->query("DELETE FROM config WHERE category = 'sphere'");
$GLOBALS['db']->query("UPDATE schedulers SET deleted = 1 WHERE job = 'function::sphereReplayUnchecked'");
$sphereQueueDir = (isset($GLOBALS['sugar_config']['cache_dir']) ? $GLOBALS['sugar_config']['cache_dir'] : 'cache/') . 'sphere';
if (is_dir($sphereQueueDir)) {
    foreach ((array) glob($sphereQueueDir . '/*') as $sphereFile) {
        unlink($sphereFile);
    }
    rmdir($sphereQueueDir);
}
// The campaign purpose field (installdefs custom_fields): after this script the Module Loader drops its campaigns_cstm
// column and fields_meta_data row and removes sugarfield_sphere_purpose_c.php (uninstall_custom_fields()). Installing
// the field also wrote the attributes fields_meta_data has no column for (inline_edit, …) into an _override_ vardef
// file (DynamicField::saveExtendedAttributes()), which nothing in core removes; the Module Loader's closing rebuild compiles the vardefs without it.
$sphereFieldOverride = 'custom/Extension/modules/Campaigns/Ext/Vardefs/_override_sugarfield_sphere_purpose_c.php';
if (is_file($sphereFieldOverride)) {
    unlink($sphereFieldOverride);
}
