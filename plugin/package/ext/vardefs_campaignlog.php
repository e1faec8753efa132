<?php
// The activity type is a plain varchar; the vardef only documents that Sphere writes its own value into it.
$dictionary['CampaignLog']['fields']['activity_type']['comments'] = 'Activity type, incl. sphere_blocked (recipient blocked by the Sphere privacy shield)';
