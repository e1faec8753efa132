<?php
$app_list_strings['campainglog_activity_type_dom']['sphere_blocked'] = 'Blocked by privacy check (Sphere)';
$app_strings['LBL_SPHERE_CHECKING'] = 'Checking privacy rules…';
$app_strings['LBL_SPHERE_FORM_BLOCKED'] = 'This record cannot be saved as entered. See the privacy notes next to the fields.';
$app_strings['LBL_SPHERE_UNAVAILABLE'] = 'The privacy check could not run.';
