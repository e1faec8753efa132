<?php
// The campaign purpose field (installdefs custom_fields). Installing it also wrote the attributes fields_meta_data has no
// column for (inline_edit, …) into an _override_ vardef file (DynamicField::saveExtendedAttributes()), which nothing in
// core removes. The Module Loader uninstalls in this order: pre_uninstall, …, uninstall_extensions (recompiles the
// Campaigns vardefs), post_uninstall, then, only when it removes tables, uninstall_custom_fields() (drops the
// campaigns_cstm column and the fields_meta_data row, and DynamicField::deleteField() rebuilds the Campaign vardef cache
// from the compiled file). Deleted after uninstall_extensions the override would stay in that compiled file and bring the
// dropped field back into the cache, so it goes here, before anything is recompiled.
// "Do not remove tables" keeps the field (column, fields_meta_data row, the purposes set): its override stays with it.
if (!empty($GLOBALS['mi_remove_tables'])) {
    $sphereFieldOverride = 'custom/Extension/modules/Campaigns/Ext/Vardefs/_override_sugarfield_sphere_purpose_c.php';
    if (is_file($sphereFieldOverride)) {
        unlink($sphereFieldOverride);
    }
}
