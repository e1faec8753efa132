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

// The campaign's privacy pre-check (entry point SpherePlan, link on the campaign's DetailView)
$app_strings['LBL_SPHERE_PLAN_LINK'] = 'Privacy pre-check (Sphere)';
$app_strings['LBL_SPHERE_PLAN_TEST_LINK'] = 'Privacy pre-check of the test send (Sphere)';
$app_strings['LBL_SPHERE_PLAN_TITLE'] = 'Privacy pre-check: {campaign}';
$app_strings['LBL_SPHERE_PLAN_INTRO'] = 'Nothing is sent. Sphere decides every recipient as it would if the campaign were sent now.';
$app_strings['LBL_SPHERE_PLAN_MODE_LIVE'] = 'Send: the campaign\'s target lists (without test and suppression lists), minus everyone on its suppression lists by ID.';
$app_strings['LBL_SPHERE_PLAN_MODE_TEST'] = 'Test send: only the campaign\'s test lists.';
$app_strings['LBL_SPHERE_PLAN_SHOW_TEST'] = 'Check the test send';
$app_strings['LBL_SPHERE_PLAN_SHOW_LIVE'] = 'Check the send';
$app_strings['LBL_SPHERE_PLAN_QUEUED'] = 'Queued by SuiteCRM from the lists';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED'] = 'Skipped by SuiteCRM at send time';
$app_strings['LBL_SPHERE_PLAN_RECIPIENTS'] = 'Checked by Sphere';
$app_strings['LBL_SPHERE_PLAN_ALLOW'] = 'Allowed';
$app_strings['LBL_SPHERE_PLAN_WARN'] = 'Allowed with a privacy note';
$app_strings['LBL_SPHERE_PLAN_DENY'] = 'Blocked';
$app_strings['LBL_SPHERE_PLAN_APPROVAL'] = 'Needs approval by the data protection officer';
$app_strings['LBL_SPHERE_PLAN_UNGUARDED'] = 'Not checked by Sphere (module not guarded)';
$app_strings['LBL_SPHERE_PLAN_REASONS'] = 'Reasons by rule';
$app_strings['LBL_SPHERE_PLAN_RULE'] = 'Rule';
$app_strings['LBL_SPHERE_PLAN_COUNT'] = 'Recipients';
$app_strings['LBL_SPHERE_PLAN_REASON'] = 'Reason';
$app_strings['LBL_SPHERE_PLAN_REVISION'] = 'Policy revision';
$app_strings['LBL_SPHERE_PLAN_EVALUATED'] = 'Checked at (UTC)';
// SuiteCRM's own send-time suppressions (EmailMan::sendEmail()), counted by reason
$app_strings['LBL_SPHERE_PLAN_SUPPRESSIONS_INTRO'] = 'SuiteCRM itself does not mail these recipients when the campaign is sent, so Sphere is not asked about them here.';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_NO_ADDRESS'] = 'No primary e-mail address';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_INVALID_ADDRESS'] = 'Invalid address';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_OPTED_OUT'] = 'Opted out in SuiteCRM';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_NOT_OPTED_IN'] = 'No opt-in as SuiteCRM\'s opt-in setting requires';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_EXEMPT_DOMAIN'] = 'Domain on a suppression list by domain';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_EXEMPT_ADDRESS'] = 'Address on a suppression list by e-mail address';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_ALREADY_SENT'] = 'Already sent for this e-mail marketing';
// {marketing}: the name of the e-mail marketing whose earlier sends count
$app_strings['LBL_SPHERE_PLAN_MARKETING'] = 'Earlier sends are checked for the e-mail marketing "{marketing}".';
$app_strings['LBL_SPHERE_PLAN_NO_MARKETING'] = 'The campaign has no e-mail marketing yet, so it has not been sent to anyone before.';
$app_strings['LBL_SPHERE_PLAN_OTHER_MARKETINGS'] = 'Check for another e-mail marketing:';
// {from}, {to}: the recipients on this page; {total}: all Sphere would block or who wait for approval
$app_strings['LBL_SPHERE_PLAN_NOT_SENT'] = 'Recipients Sphere would not let through ({from}–{to} of {total})';
$app_strings['LBL_SPHERE_PLAN_MODULE'] = 'Module';
$app_strings['LBL_SPHERE_PLAN_NAME'] = 'Name';
$app_strings['LBL_SPHERE_PLAN_OUTCOME'] = 'Result';
$app_strings['LBL_SPHERE_PLAN_NO_VIEW'] = 'a record you may not view';
$app_strings['LBL_SPHERE_PLAN_PREV'] = 'Previous';
$app_strings['LBL_SPHERE_PLAN_NEXT'] = 'Next';
$app_strings['LBL_SPHERE_PLAN_NONE'] = 'The campaign has no recipients in these lists.';
$app_strings['LBL_SPHERE_PLAN_BACK'] = 'Back to the campaign';
$app_strings['LBL_SPHERE_PLAN_NO_ACCESS'] = 'You may not view this campaign, or it does not exist.';
$app_strings['LBL_SPHERE_PLAN_UNAVAILABLE'] = 'The privacy check could not run, so the campaign has not been checked. Please try again later or tell your administrator.';
