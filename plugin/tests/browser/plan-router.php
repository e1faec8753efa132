<?php
/**
 * PHP built-in server router for the campaign pre-check browser test: a campaign DetailView reproduction (SuiteP's
 * .moduleTitle) into which the real SphereHooks::injectPlanLink() puts its link, and the real SpherePlan entry point
 * (SpherePlanPage) on the stand-ins with a SQLite file (SPHERE_PLAN_DB, created and filled on the first request),
 * talking to the connector in SPHERE_URL. ?lang=de_DE|en_us and ?readonly=1 (no view access to campaigns) stick as cookies.
 */
define('sugarEntry', true);
$packageFiles = realpath(__DIR__ . '/../../package/files');
chdir($packageFiles);
require_once __DIR__ . '/../suitecrm/include/standins.php';
require_once __DIR__ . '/../suitecrm/include/schema.php';
require_once 'custom/modules/SpherePrivacy/SpherePlanPage.php';
$GLOBALS['dictionary'] = sphere_installed_vardefs(realpath(__DIR__ . '/../../package/manifest.php'));

foreach (array('lang', 'readonly') as $sticky) {
    if (isset($_GET[$sticky])) {
        setcookie($sticky, $_GET[$sticky]);
        $_COOKIE[$sticky] = $_GET[$sticky];
    }
}
$GLOBALS['current_language'] = isset($_COOKIE['lang']) && $_COOKIE['lang'] === 'de_DE' ? 'de_DE' : 'en_us';
$GLOBALS['current_user'] = (object) array('id' => '1', 'user_name' => 'jdoe', 'is_admin' => false);
$app_strings = array();
$app_list_strings = array();
include __DIR__ . '/../../package/ext/language/application.' . $GLOBALS['current_language'] . '.php';
$GLOBALS['app_strings'] = $app_strings;
$app_list_strings['moduleList'] = $GLOBALS['current_language'] === 'de_DE'
    ? array('Contacts' => 'Kontakte', 'Leads' => 'Interessenten', 'Campaigns' => 'Kampagnen')
    : array('Contacts' => 'Contacts', 'Leads' => 'Leads', 'Campaigns' => 'Campaigns');
$GLOBALS['app_list_strings'] = $app_list_strings;
if (!empty($_COOKIE['readonly'])) {
    ACLController::$levels['Campaigns']['view'] = ACL_ALLOW_NONE;
}

$dbFile = getenv('SPHERE_PLAN_DB');
$fresh = !file_exists($dbFile);
$pdo = new PDO('sqlite:' . $dbFile);
if ($fresh) {
    SphereTestSchema::create($pdo);
}
$GLOBALS['db'] = new DBManager($pdo);
SphereHooks::$guard = new SphereGuard(new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET'), 'timeout' => '5')));
if ($fresh) {
    // The marker connector denies any input holding "DENY" and asks for approval on "APPR": the ids decide. Everyone
    // has a primary address <id>@example.org; the one of opt-out-1 is opted out, so SuiteCRM's send would skip them.
    $db = $GLOBALS['db'];
    $people = array(array('Contacts', 'ok-1', 'Fine'), array('Contacts', 'ok-2', 'Fine'), array('Leads', 'APPR-1', 'Waiting'), array('Contacts', 'opt-out-1', 'Opted out'));
    for ($i = 0; $i < 55; $i++) {
        $people[] = array('Contacts', sprintf('DENY-%02d', $i), 'Blocked ' . $i);
    }
    $db->query("INSERT INTO campaigns (id, name, objective, campaign_type, assigned_user_id, deleted) VALUES ('camp-1', 'Frühjahr <Newsletter>', '', 'Email', '1', 0)");
    $db->query("INSERT INTO campaigns_cstm (id_c, sphere_purpose_c) VALUES ('camp-1', 'newsletter')");
    foreach (array(array('list-1', 'default'), array('list-t', 'test')) as $list) {
        $db->query("INSERT INTO prospect_lists (id, name, list_type, deleted) VALUES ('" . $list[0] . "', '" . $list[0] . "', '" . $list[1] . "', 0)");
        $db->query("INSERT INTO prospect_list_campaigns (id, prospect_list_id, campaign_id, deleted) VALUES ('plc-" . $list[0] . "', '" . $list[0] . "', 'camp-1', 0)");
    }
    foreach ($people as $p) {
        $db->query('INSERT INTO ' . BeanFactory::newBean($p[0])->table_name . " (id, first_name, last_name, deleted) VALUES ('" . $p[1] . "', 'Erika', '" . $p[2] . "', 0)");
        $db->query("INSERT INTO prospect_lists_prospects (id, prospect_list_id, related_id, related_type, deleted) VALUES ('" . create_guid() . "', 'list-1', '" . $p[1] . "', '" . $p[0] . "', 0)");
        $address = strtolower($p[1]) . '@example.org';
        $db->query("INSERT INTO email_addresses (id, email_address, email_address_caps, opt_out, invalid_email, confirm_opt_in, deleted) VALUES ('ea-" . $p[1] . "', '"
            . $address . "', '" . strtoupper($address) . "', " . ($p[1] === 'opt-out-1' ? 1 : 0) . ", 0, 'not-opt-in', 0)");
        $db->query("INSERT INTO email_addr_bean_rel (id, email_address_id, bean_id, bean_module, primary_address, reply_to_address, deleted) VALUES ('" . create_guid() . "', 'ea-" . $p[1] . "', '" . $p[1] . "', '" . $p[0] . "', 1, 0, 0)");
    }
    $db->query("INSERT INTO prospect_lists_prospects (id, prospect_list_id, related_id, related_type, deleted) VALUES ('" . create_guid() . "', 'list-t', 'DENY-00', 'Contacts', 0)");
}

if (isset($_GET['entryPoint']) && $_GET['entryPoint'] === 'SpherePlan') {
    // what entrypoint_plan.php does after SuiteCRM authenticated the user
    $answer = (new SpherePlanPage())->handle($_GET);
    http_response_code($answer[0]);
    header('Content-Type: text/html; charset=utf-8');
    echo $answer[1];
    return true;
}
$record = isset($_GET['record']) ? (string) $_GET['record'] : 'camp-1';
?><!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Campaigns DetailView</title></head>
<body>
<div id="pagecontent" class="pagecontent">
<div class="moduleTitle"><h2 class="module-title-text">Campaign <?php echo htmlspecialchars($record, ENT_QUOTES, 'UTF-8'); ?></h2></div>
<div class="detail-view"><div class="detail-view-row-item" data-field="name"><div class="detail-view-field" field="name">Frühjahr</div></div></div>
</div>
<?php
$GLOBALS['current_view'] = (object) array('type' => 'detail', 'module' => 'Campaigns', 'bean' => (object) array('id' => $record, 'campaign_type' => 'Email'));
(new SphereHooks())->injectPlanLink('after_ui_frame', null);
?>
</body></html>
