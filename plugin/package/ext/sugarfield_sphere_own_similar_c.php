<?php
// The campaign's UWG §7(3) Nr. 2 declaration itself is installdefs['custom_fields'] (campaigns_cstm column + fields_meta_data
// row). As for sphere_purpose_c, the translated help is a popupHelp label key, shown in the user's language next to the label.
$dictionary['Campaign']['fields']['sphere_own_similar_c']['popupHelp'] = 'LBL_SPHERE_OWN_SIMILAR_HELP';
