<?php
if (!defined('sugarEntry') || !sugarEntry) {
    die('Not A Valid Entry Point');
}
require_once 'custom/modules/SpherePrivacy/SphereEntryPointHandler.php';

$sphereAnswer = (new SphereEntryPointHandler())->handle(file_get_contents('php://input'));
http_response_code($sphereAnswer[0]);
header('Content-Type: application/json; charset=utf-8');
echo json_encode($sphereAnswer[1]);
sugar_cleanup(true);
