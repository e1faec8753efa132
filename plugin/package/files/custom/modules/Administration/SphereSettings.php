<?php
if (!defined('sugarEntry') || !sugarEntry) {
    die('Not A Valid Entry Point');
}
require_once 'custom/modules/SpherePrivacy/SphereSettingsController.php';

global $current_user, $mod_strings;
if (!is_admin($current_user)) {
    sugar_die(htmlspecialchars($GLOBALS['app_strings']['ERR_NOT_ADMIN'], ENT_QUOTES, 'UTF-8'));
}

$sphereAdmin = BeanFactory::newBean('Administration');
$sphereController = new SphereSettingsController();
$sphereNotice = '';
// POSTs are covered by SuiteCRM's referer check (SugarApplication::checkHTTPReferer) before this file runs.
if (isset($_POST['sphere_action']) && is_string($_POST['sphere_action'])) {
    if ($_POST['sphere_action'] === 'save') {
        $sphereErrors = $sphereController->save($_POST, $sphereAdmin);
        $sphereNotice = count($sphereErrors) > 0
            ? '<p class="error">' . implode('<br>', array_map(function ($text) { return htmlspecialchars($text, ENT_QUOTES, 'UTF-8'); }, array_merge($sphereController->errorMessages($sphereErrors, $mod_strings), array($mod_strings['LBL_SPHERE_NOT_SAVED'])))) . '</p>'
            : '<p class="success">' . htmlspecialchars($mod_strings['LBL_SPHERE_SAVED'], ENT_QUOTES, 'UTF-8') . '</p>';
    } elseif ($_POST['sphere_action'] === 'test') {
        $sphereResult = $sphereController->testConnection(SphereConfig::load());
        $sphereNotice = $sphereResult['ok']
            ? '<p class="success">' . htmlspecialchars($mod_strings['LBL_SPHERE_TEST_OK'] . ' ' . $sphereResult['revision'], ENT_QUOTES, 'UTF-8') . '</p>'
            : '<p class="error">' . htmlspecialchars($sphereController->testFailureText($sphereResult, $mod_strings), ENT_QUOTES, 'UTF-8') . '</p>';
    }
}

$sphereConfig = SphereConfig::load();
$h = function ($s) { return htmlspecialchars((string) $s, ENT_QUOTES, 'UTF-8'); };
// Nothing was stored after a refused save: the form shows every setting as typed (SuiteCRM's clean_incoming_data()
// HTML-encoded the posted text), so the administrator only corrects what the messages name. Never the secret.
$sphereRefused = !empty($sphereErrors);
$sphereTyped = function ($name, $stored) use ($sphereRefused) {
    return $sphereRefused ? (isset($_POST[$name]) && is_string($_POST[$name]) ? html_entity_decode($_POST[$name], ENT_QUOTES, 'UTF-8') : '') : $stored;
};
$sphereUrl = $sphereTyped('url', $sphereConfig->url());
$sphereTimeout = $sphereTyped('timeout', $sphereConfig->timeout());
$sphereFailOpen = $sphereRefused ? $sphereTyped('fail_mode', '') === 'open' : $sphereConfig->failOpen();
$sphereBusiness = $sphereRefused ? !empty($_POST['business_contacts']) : $sphereConfig->businessContacts();
$sphereSpecial = $sphereTyped('special_fields', $sphereConfig->specialCategoryText());
$sphereTypedModules = $sphereRefused && isset($_POST['modules']) && is_array($_POST['modules']) ? $_POST['modules'] : array();
$sphereModules = '';
foreach (explode(',', SphereConfig::DEFAULT_MODULES) as $sphereModule) {
    $sphereChecked = $sphereRefused ? in_array($sphereModule, $sphereTypedModules, true) : $sphereConfig->isGuarded($sphereModule);
    $sphereModules .= '<label><input type="checkbox" name="modules[]" value="' . $h($sphereModule) . '"' . ($sphereChecked ? ' checked' : '') . '> ' . $h($sphereModule) . '</label> ';
}
echo getClassicModuleTitle('Administration', array($mod_strings['LBL_SPHERE_TITLE']), false);
echo $sphereNotice;
$sphereQueueStatus = $sphereController->queueStatusText($sphereConfig, $mod_strings);
if ($sphereQueueStatus !== '') {
    echo '<p>' . $h($sphereQueueStatus) . '</p>';
}
echo '<form method="post" action="index.php?module=Administration&amp;action=SphereSettings">'
    . '<table class="edit view"><tr><td>' . $h($mod_strings['LBL_SPHERE_URL']) . '</td><td><input name="url" size="60" value="' . $h($sphereUrl) . '"></td></tr>'
    . '<tr><td>' . $h($mod_strings['LBL_SPHERE_SECRET']) . '</td><td><input type="password" name="secret" autocomplete="new-password" value="" placeholder="' . $h($sphereConfig->secret() !== '' ? $mod_strings['LBL_SPHERE_SECRET_SET'] : '') . '"></td></tr>'
    . '<tr><td>' . $h($mod_strings['LBL_SPHERE_TIMEOUT']) . '</td><td><input name="timeout" size="5" value="' . $h($sphereTimeout) . '"></td></tr>'
    . '<tr><td>' . $h($mod_strings['LBL_SPHERE_FAIL_MODE']) . '</td><td><select name="fail_mode"><option value="closed">' . $h($mod_strings['LBL_SPHERE_FAIL_CLOSED']) . '</option><option value="open"' . ($sphereFailOpen ? ' selected' : '') . '>' . $h($mod_strings['LBL_SPHERE_FAIL_OPEN']) . '</option></select></td></tr>'
    . '<tr><td>' . $h($mod_strings['LBL_SPHERE_MODULES']) . '</td><td>' . $sphereModules . '</td></tr>'
    . '<tr><td><label for="sphere_business_contacts">' . $h($mod_strings['LBL_SPHERE_BUSINESS_CONTACTS']) . '</label></td><td><input type="checkbox" id="sphere_business_contacts" name="business_contacts" value="1"' . ($sphereBusiness ? ' checked' : '') . '>'
    . '<div class="sphere-help">' . $h($mod_strings['LBL_SPHERE_BUSINESS_CONTACTS_HELP']) . '</div></td></tr>'
    . '<tr><td><label for="sphere_special_fields">' . $h($mod_strings['LBL_SPHERE_SPECIAL_FIELDS']) . '</label></td><td><textarea id="sphere_special_fields" name="special_fields" rows="6" cols="60" spellcheck="false" placeholder="diagnosis_c = health">' . $h($sphereSpecial) . '</textarea>'
    . '<div class="sphere-help">' . $h(sprintf($mod_strings['LBL_SPHERE_SPECIAL_FIELDS_HELP'], implode(', ', SphereConfig::specialCategories()))) . '</div></td></tr></table>'
    . '<button type="submit" class="button primary" name="sphere_action" value="save">' . $h($mod_strings['LBL_SPHERE_SAVE']) . '</button> '
    . '<button type="submit" class="button" name="sphere_action" value="test">' . $h($mod_strings['LBL_SPHERE_TEST']) . '</button></form>';
