<?php
$app_list_strings['campainglog_activity_type_dom']['sphere_blocked'] = 'Durch Datenschutzprüfung blockiert (Sphere)';
$app_strings['LBL_SPHERE_CHECKING'] = 'Datenschutzregeln werden geprüft…';
$app_strings['LBL_SPHERE_FORM_BLOCKED'] = 'Dieser Datensatz kann so nicht gespeichert werden. Bitte die Datenschutzhinweise an den Feldern beachten.';
$app_strings['LBL_SPHERE_UNAVAILABLE'] = 'Die Datenschutzprüfung konnte nicht durchgeführt werden.';
// the hint entry point's 403 ({module}: the module's name from $app_list_strings['moduleList'])
$app_strings['LBL_SPHERE_NO_MODULE_ACCESS'] = 'Sie dürfen in {module} keine Datensätze bearbeiten.';
$app_strings['LBL_SPHERE_NO_RECORD_ACCESS'] = 'Sie dürfen diesen Datensatz nicht bearbeiten, oder es gibt ihn nicht.';

// Consent purposes a campaign can serve (Campaigns field sphere_purpose_c). The keys are what the connector matches
// against the purposes people consented to (policies/data/guidelines.json consent_purposes_covering). The empty option
// is "no purpose yet": no consent covers it, so recipients who need one are blocked. Admins add purposes in
// Admin → Dropdown Editor (its copy in custom/include/language/ is read after this one).
$app_list_strings['sphere_campaign_purpose_list'] = array(
    '' => '',
    'newsletter' => 'Newsletter',
    'marketing' => 'Werbung (allgemein)',
    'marketing_personalised_offers' => 'Personalisierte Angebote',
    'offers' => 'Angebote',
    'partner_offers' => 'Angebote von Partnern',
    'customer_care' => 'Kundenbetreuung',
);
