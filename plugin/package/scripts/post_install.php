<?php
// A scheduler row for the fail-open replay job (inactive until the admin enables fail-open or activates it).
$sphereScheduler = BeanFactory::newBean('Schedulers');
$sphereScheduler->retrieve_by_string_fields(array('job' => 'function::sphereReplayUnchecked'));
if (empty($sphereScheduler->id)) {
    $sphereScheduler->name = 'Sphere: replay unchecked privacy events';
    $sphereScheduler->job = 'function::sphereReplayUnchecked';
    $sphereScheduler->job_interval = '*/5::*::*::*::*';
    $sphereScheduler->status = 'Active';
    $sphereScheduler->date_time_start = '2020-01-01 00:00:00';
    $sphereScheduler->catch_up = 0;
    $sphereScheduler->save();
}
