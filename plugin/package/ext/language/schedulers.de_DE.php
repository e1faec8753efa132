<?php
$mod_strings['LBL_SPHEREREPLAYUNCHECKED'] = 'Sphere: ungeprüfte Datenschutzereignisse nachprüfen';
