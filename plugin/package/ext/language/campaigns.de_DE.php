<?php
// Label and help of the campaign's consent purpose (installdefs['custom_fields'] sphere_purpose_c on Campaigns).
$mod_strings['LBL_SPHERE_PURPOSE'] = 'Sphere: Einwilligungszweck';
$mod_strings['LBL_SPHERE_PURPOSE_HELP'] = 'Wofür diese Kampagne ist. Der Zweck muss einem Zweck entsprechen, in den die Empfänger eingewilligt haben (die Einwilligungszwecke in Sphere). Ohne Zweck werden Empfänger, deren Anschreiben auf ihrer Einwilligung beruht, blockiert.';
