<?php
// Label and help of the campaign's consent purpose (installdefs['custom_fields'] sphere_purpose_c on Campaigns).
$mod_strings['LBL_SPHERE_PURPOSE'] = 'Sphere: consent purpose';
$mod_strings['LBL_SPHERE_PURPOSE_HELP'] = 'What this campaign is for. It must match a purpose the recipients consented to (the consent purposes in Sphere). Without a purpose, recipients whose mailing rests on their consent are blocked.';
