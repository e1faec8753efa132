<?php
if (!defined('sugarEntry') || !sugarEntry) {
    die('Not A Valid Entry Point');
}
require_once 'custom/modules/SpherePrivacy/SpherePlanPage.php';

// Registered with 'auth' => true: only a logged-in user gets here; SpherePlanPage checks their access to the campaign.
$sphereAnswer = (new SpherePlanPage())->handle($_GET);
http_response_code($sphereAnswer[0]);
header('Content-Type: text/html; charset=utf-8');
header('X-Content-Type-Options: nosniff');
echo $sphereAnswer[1];
sugar_cleanup(true);
