<?php
$app_list_strings['campainglog_activity_type_dom']['sphere_blocked'] = 'Blocked by privacy check (Sphere)';
$app_strings['LBL_SPHERE_CHECKING'] = 'Checking privacy rules…';
$app_strings['LBL_SPHERE_FORM_BLOCKED'] = 'This record cannot be saved as entered. See the privacy notes next to the fields.';
$app_strings['LBL_SPHERE_UNAVAILABLE'] = 'The privacy check could not run.';
// the hint entry point's 403 ({module}: the module's name from $app_list_strings['moduleList'])
$app_strings['LBL_SPHERE_NO_MODULE_ACCESS'] = 'You may not edit records in {module}.';
$app_strings['LBL_SPHERE_NO_RECORD_ACCESS'] = 'You may not edit this record, or it does not exist.';

// Consent purposes a campaign can serve (Campaigns field sphere_purpose_c). The keys are what the connector matches
// against the purposes people consented to (policies/data/guidelines.json consent_purposes_covering). The empty option
// is "no purpose yet": no consent covers it, so recipients who need one are blocked. Admins add purposes in
// Admin → Dropdown Editor (its copy in custom/include/language/ is read after this one).
$app_list_strings['sphere_campaign_purpose_list'] = array(
    '' => '',
    'newsletter' => 'Newsletter',
    'marketing' => 'Advertising (general)',
    'marketing_personalised_offers' => 'Personalised offers',
    'offers' => 'Offers',
    'partner_offers' => 'Offers from partners',
    'customer_care' => 'Customer care',
);
