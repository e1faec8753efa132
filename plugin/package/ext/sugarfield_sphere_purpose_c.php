<?php
// The campaign's consent purpose itself is installdefs['custom_fields'] (campaigns_cstm column + fields_meta_data row,
// where Studio and the dropdown editor keep it). fields_meta_data has no column for a translated help text: popupHelp is
// a label key that the EditView shows, in the user's language, as the help icon next to the field's label.
$dictionary['Campaign']['fields']['sphere_purpose_c']['popupHelp'] = 'LBL_SPHERE_PURPOSE_HELP';
