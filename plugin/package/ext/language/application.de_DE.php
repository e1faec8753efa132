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

// Datenschutz-Vorabprüfung einer Kampagne (Entry Point SpherePlan, Link in der Detailansicht der Kampagne)
$app_strings['LBL_SPHERE_PLAN_LINK'] = 'Datenschutz-Vorabprüfung (Sphere)';
$app_strings['LBL_SPHERE_PLAN_TEST_LINK'] = 'Datenschutz-Vorabprüfung des Testversands (Sphere)';
$app_strings['LBL_SPHERE_PLAN_TITLE'] = 'Datenschutz-Vorabprüfung: {campaign}';
$app_strings['LBL_SPHERE_PLAN_INTRO'] = 'Es wird nichts versendet. Sphere entscheidet für jeden Empfänger so, wie beim Versand der Kampagne jetzt.';
$app_strings['LBL_SPHERE_PLAN_MODE_LIVE'] = 'Versand: die Ziellisten der Kampagne (ohne Test- und Sperrlisten), abzüglich aller, die auf einer ihrer Sperrlisten (nach ID) stehen.';
$app_strings['LBL_SPHERE_PLAN_MODE_TEST'] = 'Testversand: nur die Testlisten der Kampagne.';
$app_strings['LBL_SPHERE_PLAN_SHOW_TEST'] = 'Testversand prüfen';
$app_strings['LBL_SPHERE_PLAN_SHOW_LIVE'] = 'Versand prüfen';
$app_strings['LBL_SPHERE_PLAN_QUEUED'] = 'Von SuiteCRM aus den Listen eingeplant';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED'] = 'Von SuiteCRM beim Versand übersprungen';
$app_strings['LBL_SPHERE_PLAN_RECIPIENTS'] = 'Von Sphere geprüft';
$app_strings['LBL_SPHERE_PLAN_ALLOW'] = 'Erlaubt';
$app_strings['LBL_SPHERE_PLAN_WARN'] = 'Erlaubt mit Datenschutzhinweis';
$app_strings['LBL_SPHERE_PLAN_DENY'] = 'Gesperrt';
$app_strings['LBL_SPHERE_PLAN_APPROVAL'] = 'Freigabe durch den Datenschutzbeauftragten nötig';
$app_strings['LBL_SPHERE_PLAN_UNGUARDED'] = 'Nicht von Sphere geprüft (Modul nicht geschützt)';
$app_strings['LBL_SPHERE_PLAN_REASONS'] = 'Gründe nach Regel';
$app_strings['LBL_SPHERE_PLAN_RULE'] = 'Regel';
$app_strings['LBL_SPHERE_PLAN_COUNT'] = 'Empfänger';
$app_strings['LBL_SPHERE_PLAN_REASON'] = 'Grund';
$app_strings['LBL_SPHERE_PLAN_REVISION'] = 'Richtlinien-Revision';
$app_strings['LBL_SPHERE_PLAN_EVALUATED'] = 'Geprüft am (UTC)';
// Die eigenen Versandsperren von SuiteCRM (EmailMan::sendEmail()), nach Grund gezählt
$app_strings['LBL_SPHERE_PLAN_SUPPRESSIONS_INTRO'] = 'SuiteCRM selbst verschickt an diese Empfänger beim Versand der Kampagne nichts, daher wird Sphere hier nicht nach ihnen gefragt.';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_NO_ADDRESS'] = 'Keine primäre E-Mail-Adresse';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_INVALID_ADDRESS'] = 'Ungültige Adresse';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_OPTED_OUT'] = 'In SuiteCRM abgemeldet (Opt-out)';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_NOT_OPTED_IN'] = 'Kein Opt-in, wie es die Opt-in-Einstellung von SuiteCRM verlangt';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_EXEMPT_DOMAIN'] = 'Domain auf einer Sperrliste nach Domain';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_EXEMPT_ADDRESS'] = 'Adresse auf einer Sperrliste nach E-Mail-Adresse';
$app_strings['LBL_SPHERE_PLAN_SUPPRESSED_ALREADY_SENT'] = 'Für dieses E-Mail-Marketing bereits versendet';
// {marketing}: Name des E-Mail-Marketings, dessen frühere Sendungen zählen
$app_strings['LBL_SPHERE_PLAN_MARKETING'] = 'Frühere Sendungen werden für das E-Mail-Marketing „{marketing}“ geprüft.';
$app_strings['LBL_SPHERE_PLAN_NO_MARKETING'] = 'Die Kampagne hat noch kein E-Mail-Marketing, wurde also noch an niemanden versendet.';
$app_strings['LBL_SPHERE_PLAN_OTHER_MARKETINGS'] = 'Für ein anderes E-Mail-Marketing prüfen:';
// {from}, {to}: die Empfänger dieser Seite; {total}: alle, die Sphere sperren würde oder die auf Freigabe warten
$app_strings['LBL_SPHERE_PLAN_NOT_SENT'] = 'Empfänger, die Sphere nicht durchließe ({from}–{to} von {total})';
$app_strings['LBL_SPHERE_PLAN_MODULE'] = 'Modul';
$app_strings['LBL_SPHERE_PLAN_NAME'] = 'Name';
$app_strings['LBL_SPHERE_PLAN_OUTCOME'] = 'Ergebnis';
$app_strings['LBL_SPHERE_PLAN_NO_VIEW'] = 'ein Datensatz, den Sie nicht ansehen dürfen';
$app_strings['LBL_SPHERE_PLAN_PREV'] = 'Zurück';
$app_strings['LBL_SPHERE_PLAN_NEXT'] = 'Weiter';
$app_strings['LBL_SPHERE_PLAN_NONE'] = 'Die Kampagne hat in diesen Listen keine Empfänger.';
$app_strings['LBL_SPHERE_PLAN_BACK'] = 'Zurück zur Kampagne';
$app_strings['LBL_SPHERE_PLAN_NO_ACCESS'] = 'Sie dürfen diese Kampagne nicht ansehen, oder es gibt sie nicht.';
$app_strings['LBL_SPHERE_PLAN_UNAVAILABLE'] = 'Die Datenschutzprüfung konnte nicht durchgeführt werden, die Kampagne ist also nicht geprüft. Bitte später erneut versuchen oder die Administration informieren.';
