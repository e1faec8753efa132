<?php
// Labels of the summary fields the connector's migrations add to Contacts, Leads, Prospects and Accounts (<table>_cstm).
$mod_strings['LBL_SPHERE_CONSENT_STATUS'] = 'Sphere: Einwilligungen (Zweck/Kanal: Status)';
$mod_strings['LBL_SPHERE_SOURCE'] = 'Sphere: Herkunft der Daten';
$mod_strings['LBL_SPHERE_ART14_DUE'] = 'Sphere: Art.-14-Information fällig am';
$mod_strings['LBL_SPHERE_LAST_DECISION'] = 'Sphere: letzte Entscheidung';
