<?php
$manifest = array(
    'name' => 'Sphere privacy shield',
    'description' => 'Asks the Sphere connector before every save, import row and campaign e-mail of Contacts, Leads, Prospects and Accounts.',
    'author' => 'Sphere project',
    'version' => '0.1.0',
    'published_date' => '2026-11-23',
    'type' => 'module',
    'is_uninstallable' => true,
    'acceptable_suitecrm_versions' => array('regex_matches' => array('^7\.14\.', '^8\.')),
    'acceptable_php_versions' => array('regex_matches' => array('^7\.4\.', '^8\.[0-3]\.')),
    'readme' => '',
    'key' => 'sphere',
);

$installdefs = array(
    'id' => 'sphere_privacy',
    'copy' => array(
        array('from' => '<basepath>/files/custom/modules/SpherePrivacy', 'to' => 'custom/modules/SpherePrivacy'),
        array('from' => '<basepath>/files/custom/modules/Import/views/view.step4.php', 'to' => 'custom/modules/Import/views/view.step4.php'),
        array('from' => '<basepath>/files/custom/modules/Administration/SphereSettings.php', 'to' => 'custom/modules/Administration/SphereSettings.php'),
        // $customBeanList has no installdef of its own; this Ext/Include file is compiled into modules.ext.php (§3.3).
        array('from' => '<basepath>/files/custom/Extension/application/Ext/Include/sphere_privacy.php', 'to' => 'custom/Extension/application/Ext/Include/sphere_privacy.php'),
    ),
    'hookdefs' => array(
        array('from' => '<basepath>/ext/hooks_Contacts.php', 'to_module' => 'Contacts'),
        array('from' => '<basepath>/ext/hooks_Leads.php', 'to_module' => 'Leads'),
        array('from' => '<basepath>/ext/hooks_Prospects.php', 'to_module' => 'Prospects'),
        array('from' => '<basepath>/ext/hooks_Accounts.php', 'to_module' => 'Accounts'),
        array('from' => '<basepath>/ext/hooks_application.php', 'to_module' => 'application'),
    ),
    'language' => array(
        array('from' => '<basepath>/ext/language/application.en_us.php', 'to_module' => 'application', 'language' => 'en_us'),
        array('from' => '<basepath>/ext/language/application.de_DE.php', 'to_module' => 'application', 'language' => 'de_DE'),
        array('from' => '<basepath>/ext/language/administration.en_us.php', 'to_module' => 'Administration', 'language' => 'en_us'),
        array('from' => '<basepath>/ext/language/administration.de_DE.php', 'to_module' => 'Administration', 'language' => 'de_DE'),
        array('from' => '<basepath>/ext/language/schedulers.en_us.php', 'to_module' => 'Schedulers', 'language' => 'en_us'),
        array('from' => '<basepath>/ext/language/schedulers.de_DE.php', 'to_module' => 'Schedulers', 'language' => 'de_DE'),
        array('from' => '<basepath>/ext/language/summary-fields.en_us.php', 'to_module' => 'Contacts', 'language' => 'en_us'),
        array('from' => '<basepath>/ext/language/summary-fields.de_DE.php', 'to_module' => 'Contacts', 'language' => 'de_DE'),
        array('from' => '<basepath>/ext/language/summary-fields.en_us.php', 'to_module' => 'Leads', 'language' => 'en_us'),
        array('from' => '<basepath>/ext/language/summary-fields.de_DE.php', 'to_module' => 'Leads', 'language' => 'de_DE'),
        array('from' => '<basepath>/ext/language/summary-fields.en_us.php', 'to_module' => 'Prospects', 'language' => 'en_us'),
        array('from' => '<basepath>/ext/language/summary-fields.de_DE.php', 'to_module' => 'Prospects', 'language' => 'de_DE'),
        array('from' => '<basepath>/ext/language/summary-fields.en_us.php', 'to_module' => 'Accounts', 'language' => 'en_us'),
        array('from' => '<basepath>/ext/language/summary-fields.de_DE.php', 'to_module' => 'Accounts', 'language' => 'de_DE'),
        array('from' => '<basepath>/ext/language/campaigns.en_us.php', 'to_module' => 'Campaigns', 'language' => 'en_us'),
        array('from' => '<basepath>/ext/language/campaigns.de_DE.php', 'to_module' => 'Campaigns', 'language' => 'de_DE'),
    ),
    'vardefs' => array(
        array('from' => '<basepath>/ext/vardefs_campaignlog.php', 'to_module' => 'CampaignLog'),
        // Installed as custom/Extension/modules/Campaigns/Ext/Vardefs/sugarfield_sphere_purpose_c.php, the file
        // install_custom_fields() merges into the field below and DynamicField::deleteField() removes with it.
        array('from' => '<basepath>/ext/sugarfield_sphere_purpose_c.php', 'to_module' => 'Campaigns'),
        // the same for the two UWG §7(3) declarations below
        array('from' => '<basepath>/ext/sugarfield_sphere_own_similar_c.php', 'to_module' => 'Campaigns'),
        array('from' => '<basepath>/ext/sugarfield_sphere_objection_notice_c.php', 'to_module' => 'Campaigns'),
    ),
    'administration' => array(
        array('from' => '<basepath>/ext/administration.php'),
    ),
    'entrypoints' => array(
        array('from' => '<basepath>/ext/entrypoints.php'),
    ),
    'scheduledefs' => array(
        array('from' => '<basepath>/ext/scheduledefs.php'),
    ),
    // The consent purpose a campaign serves, sent to the connector as campaign.purpose (SphereEmailMan). SuiteCRM keeps
    // it like a Studio field: a campaigns_cstm column and a fields_meta_data row (ModuleInstaller::install_custom_fields(),
    // after post_execute); uninstall drops both again (uninstall_custom_fields(), only with the Module Loader's default
    // "remove tables"; with "do not remove tables" the field and the purposes set on campaigns stay).
    // Values come from the dropdown sphere_campaign_purpose_list (ext/language/application.*.php, Admin → Dropdown Editor).
    // No 'help': fields_meta_data.help is one untranslated text that SuiteCRM would show as the tooltip in every language;
    // the translated help is the popupHelp label set in ext/sugarfield_sphere_purpose_c.php.
    'custom_fields' => array(
        array(
            'name' => 'sphere_purpose_c',
            'label' => 'LBL_SPHERE_PURPOSE',
            'comments' => 'Sphere: consent purpose of the campaign, sent to the privacy connector as campaign.purpose',
            'type' => 'enum',
            'module' => 'Campaigns',
            'ext1' => 'sphere_campaign_purpose_list',
            'default_value' => '',
            'max_size' => 100,
            'required' => false,
            'audited' => 1,
            'mass_update' => 1,
            'inline_edit' => 1,
            'importable' => 'true',
            'reportable' => 1,
            'duplicate_merge' => 0,
        ),
        // Two checkboxes with which the campaign declares the conditions of the existing-customer exception (UWG §7(3))
        // that are properties of the campaign, sent as campaign.own_similar_products and campaign.objection_notice_each_mail
        // (SphereEmailMan). Unchecked by default: a campaign, old or new, declares nothing until someone ticks the box.
        // Installed, translated (popupHelp in ext/sugarfield_<name>.php) and uninstalled like sphere_purpose_c.
        array(
            'name' => 'sphere_own_similar_c',
            'label' => 'LBL_SPHERE_OWN_SIMILAR',
            'comments' => 'Sphere: the campaign advertises only own goods or services similar to those bought (UWG 7(3) no. 2), sent as campaign.own_similar_products',
            'type' => 'bool',
            'module' => 'Campaigns',
            'default_value' => '0',
            'required' => false,
            'audited' => 1,
            'mass_update' => 1,
            'inline_edit' => 1,
            'importable' => 'true',
            'reportable' => 1,
            'duplicate_merge' => 0,
        ),
        array(
            'name' => 'sphere_objection_notice_c',
            'label' => 'LBL_SPHERE_OBJECTION_NOTICE',
            'comments' => 'Sphere: every e-mail of the campaign tells the recipient they can object at any time (UWG 7(3) no. 4), sent as campaign.objection_notice_each_mail',
            'type' => 'bool',
            'module' => 'Campaigns',
            'default_value' => '0',
            'required' => false,
            'audited' => 1,
            'mass_update' => 1,
            'inline_edit' => 1,
            'importable' => 'true',
            'reportable' => 1,
            'duplicate_merge' => 0,
        ),
    ),
    'post_execute' => array('<basepath>/scripts/post_install.php'),
    'pre_uninstall' => array('<basepath>/scripts/pre_uninstall.php'),
    'post_uninstall' => array('<basepath>/scripts/post_uninstall.php'),
);
