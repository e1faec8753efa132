<?php
// Order 5: before the default jjwg-maps geocode hooks (77) and anything else that might save side data.
$hook_array['after_retrieve'][] = array(5, 'Sphere: snapshot e-mail/relationship rows', 'custom/modules/SpherePrivacy/SphereHooks.php', 'SphereHooks', 'captureRows');
$hook_array['before_save'][] = array(5, 'Sphere: privacy decision', 'custom/modules/SpherePrivacy/SphereHooks.php', 'SphereHooks', 'beforeSave');
