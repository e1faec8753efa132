<?php
$entry_point_registry['SphereDecision'] = array('file' => 'custom/modules/SpherePrivacy/entrypoint_decision.php', 'auth' => true);
