<?php
require_once 'custom/modules/SpherePrivacy/SphereReplayJob.php';
$job_strings[] = 'sphereReplayUnchecked';

function sphereReplayUnchecked($job)
{
    return sphereReplayUncheckedJob($job);
}
