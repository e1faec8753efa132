<?php
$admin_option_defs = array();
$admin_option_defs['Administration']['sphere_privacy'] = array('Security', 'LBL_SPHERE_TITLE', 'LBL_SPHERE_DESC', './index.php?module=Administration&action=SphereSettings', 'security');
$admin_group_header[] = array('LBL_SPHERE_SECTION', '', false, $admin_option_defs, 'LBL_SPHERE_SECTION_DESC');
