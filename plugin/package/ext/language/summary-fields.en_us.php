<?php
// Labels of the summary fields the connector's migrations add to Contacts, Leads, Prospects and Accounts (<table>_cstm).
$mod_strings['LBL_SPHERE_CONSENT_STATUS'] = 'Sphere: consents (purpose/channel: status)';
$mod_strings['LBL_SPHERE_SOURCE'] = 'Sphere: data source';
$mod_strings['LBL_SPHERE_ART14_DUE'] = 'Sphere: Art. 14 notice due';
$mod_strings['LBL_SPHERE_LAST_DECISION'] = 'Sphere: last decision';
