<?php
// The campaign fields (installdefs custom_fields: the purpose sphere_purpose_c and the UWG §7(3) declarations
// sphere_own_similar_c and sphere_objection_notice_c). Installing each also wrote the attributes fields_meta_data has no
// column for (inline_edit, …) into an _override_ vardef file (DynamicField::saveExtendedAttributes()), which nothing in
// core removes. The Module Loader uninstalls in this order: pre_uninstall, …, uninstall_extensions (recompiles the
// Campaigns vardefs), post_uninstall, then, only when it removes tables, uninstall_custom_fields() (drops the
// campaigns_cstm columns and the fields_meta_data rows, and DynamicField::deleteField() rebuilds the Campaign vardef cache
// from the compiled file). Deleted after uninstall_extensions an override would stay in that compiled file and bring the
// dropped field back into the cache, so they go here, before anything is recompiled.
// "Do not remove tables" keeps the fields (columns, fields_meta_data rows, the values set): their overrides stay with them.
if (!empty($GLOBALS['mi_remove_tables'])) {
    foreach (array(
        'custom/Extension/modules/Campaigns/Ext/Vardefs/_override_sugarfield_sphere_purpose_c.php',
        'custom/Extension/modules/Campaigns/Ext/Vardefs/_override_sugarfield_sphere_own_similar_c.php',
        'custom/Extension/modules/Campaigns/Ext/Vardefs/_override_sugarfield_sphere_objection_notice_c.php',
    ) as $sphereFieldOverride) {
        if (is_file($sphereFieldOverride)) {
            unlink($sphereFieldOverride);
        }
    }
}
