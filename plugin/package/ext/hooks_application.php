<?php
$hook_array['handle_exception'][] = array(5, 'Sphere: blocked save message', 'custom/modules/SpherePrivacy/SphereHooks.php', 'SphereHooks', 'onException');
$hook_array['after_ui_frame'][] = array(5, 'Sphere: inline privacy hints', 'custom/modules/SpherePrivacy/SphereHooks.php', 'SphereHooks', 'injectHints');
$hook_array['after_ui_frame'][] = array(6, 'Sphere: campaign privacy pre-check link', 'custom/modules/SpherePrivacy/SphereHooks.php', 'SphereHooks', 'injectPlanLink');
