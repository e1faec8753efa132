<?php
$entry_point_registry['SphereDecision'] = array('file' => 'custom/modules/SpherePrivacy/entrypoint_decision.php', 'auth' => true);
// The campaign's privacy pre-check page (index.php?entryPoint=SpherePlan&record=<campaign id>[&test=1])
$entry_point_registry['SpherePlan'] = array('file' => 'custom/modules/SpherePrivacy/entrypoint_plan.php', 'auth' => true);
