<?php
/**
 * PHP built-in server router for the browser test: a page reproducing SuiteP's EditView DOM (§4.2) whose hint script
 * is injected by the real SphereHooks::injectHints(), the real hint JS, and the real SphereDecision entry-point
 * handler talking to the connector in SPHERE_URL. Saved forms are appended to SPHERE_SUBMISSIONS.
 */
define('sugarEntry', true);
$packageFiles = realpath(__DIR__ . '/../../package/files');
chdir($packageFiles);
require_once __DIR__ . '/../suitecrm/include/standins.php';
require_once 'custom/modules/SpherePrivacy/SphereEntryPointHandler.php';

$GLOBALS['current_language'] = isset($_COOKIE['lang']) && $_COOKIE['lang'] === 'de_DE' ? 'de_DE' : 'en_us';
$GLOBALS['current_user'] = (object) array('id' => '1', 'user_name' => 'jdoe', 'is_admin' => false);
$app_strings = array();
$app_list_strings = array();
include __DIR__ . '/../../package/ext/language/application.' . $GLOBALS['current_language'] . '.php';
$GLOBALS['app_strings'] = $app_strings;
$app_list_strings['moduleList'] = array('Contacts' => $GLOBALS['current_language'] === 'de_DE' ? 'Kontakte' : 'Contacts');
$GLOBALS['app_list_strings'] = $app_list_strings;
// ?readonly=1: the user's role has no edit access to Contacts (the entry point answers 403)
if (isset($_GET['readonly'])) {
    setcookie('readonly', $_GET['readonly']);
}
if (!empty($_COOKIE['readonly']) || !empty($_GET['readonly'])) {
    ACLController::$levels['Contacts']['edit'] = ACL_ALLOW_NONE;
}
SphereHooks::$guard = new SphereGuard(new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET'), 'timeout' => '5', 'special_fields' => "religion_c = religious_beliefs\npolitics_c = political_opinions")));

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path === '/custom/modules/SpherePrivacy/js/sphere-hints.js') {
    header('Content-Type: application/javascript');
    readfile($packageFiles . $path);
    return true;
}
if (isset($_GET['entryPoint']) && $_GET['entryPoint'] === 'SphereDecision') {
    $answer = (new SphereEntryPointHandler())->handle(file_get_contents('php://input'));
    http_response_code($answer[0]);
    header('Content-Type: application/json; charset=utf-8');
    echo json_encode($answer[1]);
    return true;
}
if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    file_put_contents(getenv('SPHERE_SUBMISSIONS'), json_encode($_POST) . "\n", FILE_APPEND);
    echo '<p id="saved">saved</p>';
    return true;
}
if (isset($_GET['lang'])) {
    setcookie('lang', $_GET['lang']);
    $GLOBALS['current_language'] = $_GET['lang'];
}
$h = function ($s) { return htmlspecialchars($s, ENT_QUOTES, 'UTF-8'); };
$field = function ($name, $input) { return '<div class="col-xs-12 col-sm-6 edit-view-row-item" data-field="' . $name . '"><div class="col-xs-12 col-sm-4 label">' . $name . ':</div><div class="col-xs-12 col-sm-8 edit-view-field" type="varchar" field="' . $name . '">' . $input . '</div></div>'; };
?><!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Contacts EditView</title>
<script>
var SUGAR = { ajaxUI: { submitForm: function (form) { form.submit(); } } };
function check_form(formname) { return true; }
</script></head>
<body>
<form action="index.php" method="POST" name="EditView" id="EditView">
<input type="hidden" name="module" value="Contacts"><input type="hidden" name="action" value="EditView"><input type="hidden" name="record" value="">
<div class="buttons"><input title="Save" class="button primary" onclick="var _form = document.getElementById('EditView'); _form.action.value='Save'; if(check_form('EditView'))SUGAR.ajaxUI.submitForm(_form);return false;" type="submit" name="button" value="Save" id="SAVE"></div>
<div class="panel-content"><div class="tab-content"><div class="row edit-view-row">
<?php
echo $field('first_name', '<input type="text" name="first_name" id="first_name" value="">');
echo $field('last_name', '<input type="text" name="last_name" id="last_name" value="">');
echo $field('email1', '<table class="emailaddresses" id="Contacts0emailAddressesTable0"><tr><td><input type="email" name="Contacts0emailAddress0" id="Contacts0emailAddress0" value=""></td>'
    . '<td><input type="radio" name="Contacts0emailAddressPrimaryFlag" id="Contacts0emailAddressPrimaryFlag0" value="Contacts0emailAddress0" checked></td>'
    . '<td><input type="checkbox" name="Contacts0emailAddressOptOutFlag[]" id="Contacts0emailAddressOptOutFlag0" value="Contacts0emailAddress0"></td></tr></table>'
    . '<input type="hidden" name="Contacts_email_widget_id" value="0">');
// a multienum as SuiteCRM renders it (SugarFieldMultienum EditView): "name[]" select plus the hidden "_multiselect" marker
echo $field('religion_c', '<input type="hidden" id="religion_c_multiselect" name="religion_c_multiselect" value="true">'
    . '<select id="religion_c" name="religion_c[]" multiple="true"><option value="">-</option><option value="catholic">Catholic</option><option value="jewish">Jewish</option><option value="other">Other</option></select>');
// a radioenum: one input per option, only the checked one is the value
echo $field('politics_c', '<input type="radio" name="politics_c" id="politics_c_left" value="left"><input type="radio" name="politics_c" id="politics_c_right" value="right">');
echo $field('lead_source', '<select name="lead_source" id="lead_source"><option value="">-</option><option value="Web Site">Web Site</option></select>');
?>
</div></div></div>
</form>
<?php
$GLOBALS['current_view'] = (object) array('type' => 'edit', 'module' => 'Contacts', 'bean' => (object) array('id' => ''));
(new SphereHooks())->injectHints('after_ui_frame', null);
?>
</body></html>
