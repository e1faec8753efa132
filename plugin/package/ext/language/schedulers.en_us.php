<?php
$mod_strings['LBL_SPHEREREPLAYUNCHECKED'] = 'Sphere: replay unchecked privacy events';
