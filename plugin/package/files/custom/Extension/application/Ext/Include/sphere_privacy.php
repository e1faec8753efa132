<?php
// §3.3: EmailManDelivery creates its EmailMan through BeanFactory, which honours $customBeanList.
$customBeanList['EmailMan'] = 'SphereEmailMan';
$customBeanFiles['SphereEmailMan'] = 'custom/modules/SpherePrivacy/SphereEmailMan.php';
