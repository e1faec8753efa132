<?php
$app_list_strings['campainglog_activity_type_dom']['sphere_blocked'] = 'Durch Datenschutzprüfung blockiert (Sphere)';
$app_strings['LBL_SPHERE_CHECKING'] = 'Datenschutzregeln werden geprüft…';
$app_strings['LBL_SPHERE_FORM_BLOCKED'] = 'Dieser Datensatz kann so nicht gespeichert werden. Bitte die Datenschutzhinweise an den Feldern beachten.';
$app_strings['LBL_SPHERE_UNAVAILABLE'] = 'Die Datenschutzprüfung konnte nicht durchgeführt werden.';
