<?php
/**
 * The SQLite schema of the tests (the columns of §8 the plugin and the stand-ins use) and the <table>_cstm tables of
 * the modules with custom fields in $GLOBALS['dictionary'], as DynamicField::addFieldObject() creates them. Used by
 * SphereTestCase and the browser test's routers.
 */
class SphereTestSchema
{
    const TABLES = array(
        'CREATE TABLE contacts (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, lead_source TEXT, assigned_user_id TEXT, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE email_addresses (id TEXT PRIMARY KEY, email_address TEXT, email_address_caps TEXT, opt_out INTEGER DEFAULT 0, invalid_email INTEGER DEFAULT 0, confirm_opt_in TEXT, confirm_opt_in_date TEXT, confirm_opt_in_sent_date TEXT, confirm_opt_in_fail_date TEXT, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE email_addr_bean_rel (id TEXT PRIMARY KEY, email_address_id TEXT, bean_id TEXT, bean_module TEXT, primary_address INTEGER DEFAULT 0, reply_to_address INTEGER DEFAULT 0, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE accounts_contacts (id TEXT PRIMARY KEY, contact_id TEXT, account_id TEXT, date_modified TEXT, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE leads (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, account_name TEXT, account_id TEXT, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE prospects (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, account_name TEXT, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE emailman (id INTEGER PRIMARY KEY AUTOINCREMENT, campaign_id TEXT, marketing_id TEXT, list_id TEXT, user_id TEXT, send_date_time TEXT, related_id TEXT, related_type TEXT, in_queue INTEGER DEFAULT 0, send_attempts INTEGER DEFAULT 0, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE campaign_log (id TEXT PRIMARY KEY, campaign_id TEXT, target_tracker_key TEXT, target_id TEXT, target_type TEXT, activity_type TEXT, activity_date TEXT, related_id TEXT, related_type TEXT, list_id TEXT, marketing_id TEXT, more_information TEXT, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE campaigns (id TEXT PRIMARY KEY, name TEXT, objective TEXT, campaign_type TEXT, assigned_user_id TEXT, deleted INTEGER DEFAULT 0)',
        // the target lists of campaigns (§8: prospect_lists, prospect_lists_prospects, prospect_list_campaigns)
        'CREATE TABLE prospect_lists (id TEXT PRIMARY KEY, name TEXT, list_type TEXT, domain_name TEXT, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE prospect_lists_prospects (id TEXT PRIMARY KEY, prospect_list_id TEXT, related_id TEXT, related_type TEXT, date_modified TEXT, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE prospect_list_campaigns (id TEXT PRIMARY KEY, prospect_list_id TEXT, campaign_id TEXT, date_modified TEXT, deleted INTEGER DEFAULT 0)',
        // a campaign's e-mail marketings (§8 email_marketing): campaign_log.marketing_id names one
        'CREATE TABLE email_marketing (id TEXT PRIMARY KEY, name TEXT, campaign_id TEXT, date_entered TEXT, date_modified TEXT, date_start TEXT, template_id TEXT, status TEXT, all_prospect_lists INTEGER DEFAULT 0, deleted INTEGER DEFAULT 0)',
        'CREATE TABLE config (category TEXT, name TEXT, value TEXT)',
    );

    /** @return PDO with every table created */
    public static function create(PDO $pdo)
    {
        $pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
        foreach (self::TABLES as $sql) {
            $pdo->exec($sql);
        }
        // <table>_cstm of each module with custom fields (the package's installdefs custom_fields, see bootstrap.php)
        foreach ($GLOBALS['dictionary'] as $object => $defs) {
            if (!empty($defs['custom_fields'])) {
                $columns = array('id_c TEXT PRIMARY KEY');
                foreach ($defs['fields'] as $name => $def) {
                    if (isset($def['source']) && $def['source'] === 'custom_fields') {
                        $columns[] = $name . ' TEXT';
                    }
                }
                $table = (new ReflectionClass($object))->getDefaultProperties()['table_name'];
                $pdo->exec('CREATE TABLE ' . $table . '_cstm (' . implode(', ', $columns) . ')');
            }
        }
        return $pdo;
    }
}

/**
 * The vardefs SuiteCRM has once the Module Loader installed the package: installdefs['custom_fields'] as
 * DynamicField::buildCache() turns their fields_meta_data rows into vardefs (source custom_fields), under the keys the
 * package's Ext/Vardefs files set (DynamicField::saveToVardef() keeps those). SphereTestCase gives each such module
 * its <table>_cstm table with one column per field, as DynamicField::addFieldObject() does.
 */
function sphere_installed_vardefs($manifestFile)
{
    $installdefs = array();
    include $manifestFile;
    $dictionary = array();
    foreach ($installdefs['vardefs'] as $ext) {
        include str_replace('<basepath>', dirname($manifestFile), $ext['from']);
    }
    foreach ($installdefs['custom_fields'] as $field) {
        $object = BeanFactory::$beanList[$field['module']];
        $fromMetaData = array(
            'id' => $field['module'] . $field['name'], 'custom_module' => $field['module'], 'source' => 'custom_fields',
            'name' => $field['name'], 'vname' => $field['label'], 'type' => $field['type'],
            'options' => isset($field['ext1']) ? $field['ext1'] : null, 'len' => isset($field['max_size']) ? $field['max_size'] : null,
            'default' => isset($field['default_value']) ? $field['default_value'] : null, 'required' => !empty($field['required']),
            'help' => isset($field['help']) ? $field['help'] : '', 'massupdate' => !empty($field['mass_update']),
        );
        $extension = isset($dictionary[$object]['fields'][$field['name']]) ? $dictionary[$object]['fields'][$field['name']] : array();
        $dictionary[$object]['fields'][$field['name']] = array_merge($fromMetaData, $extension);
        $dictionary[$object]['custom_fields'] = true;
    }
    return $dictionary;
}
