<?php
/**
 * Faithful stand-ins of the SuiteCRM 7.14.6 classes the plugin touches (signatures as in the reference map,
 * ../shared/reference/suitecrm.md). They keep SuiteCRM's order of side effects — in particular Person::save()
 * writing e-mail and relationship rows BEFORE before_save (§1.4) — on a real SQLite database.
 */

/** include/utils/db_utils.php: the characters to_html() encodes. */
$toHTML = array(
    '"' => '&quot;',
    '<' => '&lt;',
    '>' => '&gt;',
    "'" => '&#039;',
);
$GLOBALS['toHTML'] = $toHTML;

/** include/utils/db_utils.php::to_html(): what fetchByAssoc() applies to every column unless asked not to encode. */
function to_html($string, $encode = true)
{
    if (empty($string)) {
        return $string;
    }
    if ($encode && is_string($string)) {
        $string = str_ireplace(array_keys($GLOBALS['toHTML']), array_values($GLOBALS['toHTML']), $string);
    }
    return $string;
}

/** DBManager subset with SuiteCRM's signatures, backed by PDO SQLite. */
class DBManager
{
    /** @var PDO */
    public $pdo;
    /** As DBManager::$encode: fetchByAssoc() HTML-encodes rows unless this or its $encode argument is false. */
    public $encode = true;

    public function __construct(PDO $pdo)
    {
        $this->pdo = $pdo;
    }

    public function query($sql, $dieOnError = false, $msg = '', $suppress = false, $keepResult = false)
    {
        return $this->pdo->query($sql);
    }

    public function fetchByAssoc($result, $encode = true)
    {
        $row = $result->fetch(PDO::FETCH_ASSOC);
        if ($row !== false && $encode && $this->encode && is_array($row)) {
            return array_map('to_html', $row);
        }
        return $row === false ? false : $row;
    }

    public function quote($string)
    {
        return str_replace("'", "''", (string) $string);
    }

    public function quoted($string)
    {
        return "'" . $this->quote($string) . "'";
    }

    public function getOne($sql)
    {
        $row = $this->pdo->query($sql)->fetch(PDO::FETCH_NUM);
        return $row === false ? false : $row[0];
    }
}

function create_guid()
{
    return sprintf('%s-%s-%s-%s-%s', bin2hex(random_bytes(4)), bin2hex(random_bytes(2)), bin2hex(random_bytes(2)), bin2hex(random_bytes(2)), bin2hex(random_bytes(6)));
}

/** Runs the hooks the plugin registers through its hookdefs files, like LogicHook::process_hooks (sorted by order). */
class LogicHook
{
    /** @var array module => list of hookdef files ("application" for application hooks) */
    public static $hookFiles = array();

    public static function call($module, $event, $bean, $arguments)
    {
        $hooks = array();
        foreach (array($module, 'application') as $scope) {
            foreach (isset(self::$hookFiles[$scope]) ? self::$hookFiles[$scope] : array() as $file) {
                $hook_array = array();
                include $file;
                foreach (isset($hook_array[$event]) ? $hook_array[$event] : array() as $hook) {
                    $hooks[] = array($hook, $scope);
                }
            }
        }
        usort($hooks, function ($a, $b) { return $a[0][0] - $b[0][0]; });
        foreach ($hooks as $entry) {
            list($hook, $scope) = $entry;
            include_once $hook[2];
            $object = new $hook[3]();
            if ($bean !== null) {
                $object->{$hook[4]}($bean, $event, $arguments);
            } else {
                $object->{$hook[4]}($event, $arguments);
            }
        }
    }
}

/** include/SugarEmailAddress/SugarEmailAddress.php subset; saveEmail writes raw SQL like AddUpdateEmailAddress(). */
class SugarEmailAddress
{
    public $addresses = array();

    public function addAddress($addr, $primary = false, $replyTo = false, $invalid = false, $optOut = false, $email_id = null, $validate = true)
    {
        $this->addresses[] = array('email_address' => $addr, 'primary_address' => $primary ? '1' : '0', 'reply_to_address' => $replyTo ? '1' : '0',
            'invalid_email' => $invalid ? '1' : '0', 'opt_out' => $optOut ? '1' : '0', 'email_address_id' => $email_id, 'confirm_opt_in_flag' => false);
    }

    public function saveEmail($id, $module, $new_addrs = array(), $primary = '', $replyTo = '', $invalid = '', $optOut = '', $in_workflow = false, $optIn = false)
    {
        $db = $GLOBALS['db'];
        $db->query('UPDATE email_addr_bean_rel SET deleted = 1 WHERE bean_id = ' . $db->quoted($id) . ' AND bean_module = ' . $db->quoted($module));
        foreach ($this->addresses as $address) {
            $caps = strtoupper($address['email_address']);
            $existing = $db->getOne('SELECT id FROM email_addresses WHERE email_address_caps = ' . $db->quoted($caps) . ' AND deleted = 0');
            if ($existing) {
                $db->query('UPDATE email_addresses SET opt_out = ' . (int) $address['opt_out'] . ', invalid_email = ' . (int) $address['invalid_email'] . ' WHERE id = ' . $db->quoted($existing));
                $addressId = $existing;
            } else {
                $addressId = create_guid();
                $db->query("INSERT INTO email_addresses (id, email_address, email_address_caps, opt_out, invalid_email, confirm_opt_in, deleted) VALUES ("
                    . $db->quoted($addressId) . ', ' . $db->quoted($address['email_address']) . ', ' . $db->quoted($caps) . ', ' . (int) $address['opt_out'] . ', ' . (int) $address['invalid_email'] . ", 'not-opt-in', 0)");
            }
            $rel = $db->getOne('SELECT id FROM email_addr_bean_rel WHERE bean_id = ' . $db->quoted($id) . ' AND email_address_id = ' . $db->quoted($addressId));
            if ($rel) {
                $db->query('UPDATE email_addr_bean_rel SET deleted = 0, primary_address = ' . (int) $address['primary_address'] . ' WHERE id = ' . $db->quoted($rel));
            } else {
                $db->query('INSERT INTO email_addr_bean_rel (id, email_address_id, bean_id, bean_module, primary_address, reply_to_address, deleted) VALUES ('
                    . $db->quoted(create_guid()) . ', ' . $db->quoted($addressId) . ', ' . $db->quoted($id) . ', ' . $db->quoted($module) . ', ' . (int) $address['primary_address'] . ', 0, 0)');
            }
        }
    }
}

/** SugarBean + Person::save() order of side effects (§1.4). */
#[\AllowDynamicProperties]
class SugarBean
{
    public $id;
    public $module_dir;
    public $module_name;
    public $object_name;
    public $table_name;
    public $fetched_row = false;
    public $field_defs = array();
    public $in_import = false;
    public $new_with_id = false;
    public $processed = false;
    public $emailAddress;
    public $db;

    public function __construct()
    {
        $this->db = $GLOBALS['db'];
        $this->emailAddress = new SugarEmailAddress();
        $this->module_name = $this->module_dir;
        // VardefManager + DynamicField::buildCache(): custom fields (fields_meta_data rows) join the module's vardefs.
        if ($this->object_name !== null && !empty($GLOBALS['dictionary'][$this->object_name]['fields'])) {
            $this->field_defs = array_merge($this->field_defs, $GLOBALS['dictionary'][$this->object_name]['fields']);
        }
    }

    /** As SugarBean::hasCustomFields(): the module has fields kept in <table>_cstm. */
    public function hasCustomFields()
    {
        return $this->object_name !== null && !empty($GLOBALS['dictionary'][$this->object_name]['custom_fields']);
    }

    public function retrieve($id = -1, $encode = true, $deleted = true)
    {
        // SugarBean::retrieve() with DynamicField::getJOIN(): "SELECT <table>.*, <table>_cstm.* … LEFT JOIN <table>_cstm ON <table>.id = <table>_cstm.id_c"
        $table = $this->table_name;
        $custom = $this->hasCustomFields();
        // fetchByAssoc($result, $encode): by default the row, and so fetched_row and the bean's fields, are HTML-encoded.
        $row = $this->db->fetchByAssoc($this->db->query('SELECT ' . $table . '.*' . ($custom ? ', ' . $table . '_cstm.*' : '') . ' FROM ' . $table
            . ($custom ? ' LEFT JOIN ' . $table . '_cstm ON ' . $table . '.id = ' . $table . '_cstm.id_c' : '')
            . ' WHERE ' . $table . '.id = ' . $this->db->quoted($id) . ' AND ' . $table . '.deleted = 0'), $encode);
        if (!$row) {
            return null;
        }
        foreach ($row as $k => $v) {
            $this->$k = $v;
        }
        // SugarBean::populateFromRow(): a field without a value (no _cstm row yet, NULL) reads as ''.
        foreach ($this->field_defs as $name => $def) {
            if (isset($def['source']) && $def['source'] === 'custom_fields' && !isset($row[$name])) {
                $this->$name = '';
            }
        }
        $primary = $this->db->getOne('SELECT ea.email_address FROM email_addr_bean_rel r JOIN email_addresses ea ON ea.id = r.email_address_id WHERE r.bean_id = '
            . $this->db->quoted($id) . ' AND r.deleted = 0 AND r.primary_address = 1');
        $this->email1 = $primary ? $primary : '';
        $this->fetched_row = $row;
        $this->fill_in_additional_detail_fields();
        $this->call_custom_logic('after_retrieve', array('id' => $id, 'encode' => $encode));
        return $this;
    }

    /** Called by retrieve() after the row is loaded and before after_retrieve; modules fill non-db fields here. */
    public function fill_in_additional_detail_fields()
    {
    }

    public function save($check_notify = false)
    {
        // Person::save(): e-mail rows first (raw SQL), id assigned before before_save.
        if (empty($this->id)) {
            $this->id = create_guid();
            $this->new_with_id = true;
        }
        $this->emailAddress->saveEmail($this->id, $this->module_dir);
        $this->save_relationship_changes(!empty($this->fetched_row));
        $this->call_custom_logic('before_save', array('check_notify' => $check_notify));
        if ($this->hasCustomFields()) {
            $this->saveCustomFields();
        }
        $columns = array();
        foreach ($this->field_defs as $name => $def) {
            // DBManager::insertParams() writes only fields without a source or with source 'db'
            if (!isset($def['source']) || $def['source'] === 'db') {
                $columns[$name] = isset($this->$name) ? $this->$name : null;
            }
        }
        $columns['id'] = $this->id;
        $columns['deleted'] = 0;
        $this->db->query('DELETE FROM ' . $this->table_name . ' WHERE id = ' . $this->db->quoted($this->id));
        $values = array_map(function ($v) { return $v === null ? 'NULL' : $GLOBALS['db']->quoted($v); }, array_values($columns));
        $this->db->query('INSERT INTO ' . $this->table_name . ' (' . implode(', ', array_keys($columns)) . ') VALUES (' . implode(', ', $values) . ')');
        $this->call_custom_logic('after_save', '');
        return $this->id;
    }

    public function save_relationship_changes($is_update, $exclude = array())
    {
    }

    /** DynamicField::save() (custom_fields->save(), after before_save): the set custom fields into the <table>_cstm row. */
    private function saveCustomFields()
    {
        $columns = array('id_c' => $this->id);
        foreach ($this->field_defs as $name => $def) {
            if (isset($def['source']) && $def['source'] === 'custom_fields' && isset($this->$name)) {
                $columns[$name] = $this->$name;
            }
        }
        if (count($columns) === 1) {
            return;
        }
        $cstm = $this->table_name . '_cstm';
        $id = $this->db->quoted($this->id);
        if ($this->db->getOne('SELECT id_c FROM ' . $cstm . ' WHERE id_c = ' . $id)) {
            $sets = array();
            foreach (array_slice($columns, 1, null, true) as $name => $value) {
                $sets[] = $name . ' = ' . $this->db->quoted($value);
            }
            $this->db->query('UPDATE ' . $cstm . ' SET ' . implode(', ', $sets) . ' WHERE id_c = ' . $id);
        } else {
            $values = array_map(function ($v) { return $GLOBALS['db']->quoted($v); }, array_values($columns));
            $this->db->query('INSERT INTO ' . $cstm . ' (' . implode(', ', array_keys($columns)) . ') VALUES (' . implode(', ', $values) . ')');
        }
    }

    public function call_custom_logic($event, $arguments = null)
    {
        if ($this->processed) {
            return;
        }
        LogicHook::call($this->module_dir, $event, $this, $arguments);
    }

    public function getFieldDefinition($name)
    {
        return isset($this->field_defs[$name]) ? $this->field_defs[$name] : false;
    }

    /** SugarBean::bean_implements(): modules that take part in role access answer true for 'ACL'. */
    public function bean_implements($interface)
    {
        return false;
    }

    /** SugarBean::isOwner(): a new record belongs to whoever creates it, a stored one to its assigned user. */
    public function isOwner($user_id)
    {
        if (!isset($this->id)) {
            return true;
        }
        if (!empty($this->fetched_row['assigned_user_id'])) {
            return $this->fetched_row['assigned_user_id'] == $user_id;
        }
        if (isset($this->assigned_user_id)) {
            return $this->assigned_user_id == $user_id;
        }
        return isset($this->created_by) && $this->created_by == $user_id;
    }

    /** SugarBean::ACLAccess() subset: the current user's role access to this record (admins may do anything). */
    public function ACLAccess($view, $is_owner = 'not_set', $in_group = 'not_set')
    {
        global $current_user;
        if (is_admin($current_user)) {
            return true;
        }
        if ($is_owner === 'not_set') {
            $is_owner = $this->isOwner($current_user->id);
        }
        if (!$this->bean_implements('ACL')) {
            return true;
        }
        $in_group = $in_group === 'not_set' ? false : $in_group;
        switch (strtolower($view)) {
            case 'list':
            case 'index':
            case 'listview':
                return ACLController::checkAccess($this->module_dir, 'list', true, 'module', $in_group);
            case 'edit':
            case 'save':
            case 'popupeditview':
            case 'editview':
                return ACLController::checkAccess($this->module_dir, 'edit', $is_owner, 'module', $in_group);
            case 'view':
            case 'detail':
            case 'detailview':
                return ACLController::checkAccess($this->module_dir, 'view', $is_owner, 'module', $in_group);
            case 'delete':
                return ACLController::checkAccess($this->module_dir, 'delete', $is_owner, 'module', $in_group);
        }
        return true;
    }
}

define('ACL_ALLOW_ALL', 90);
define('ACL_ALLOW_GROUP', 80);
define('ACL_ALLOW_OWNER', 75);
define('ACL_ALLOW_NONE', -99);

/**
 * modules/ACL/ACLController.php subset: the current user's role access per module and action. A level an administrator
 * sets in Role Management is an ACL_ALLOW_* value; "Owner" lets the user act only on records they own.
 */
class ACLController
{
    /** @var array module => action => ACL_ALLOW_* level of the current user's roles (unset: all) */
    public static $levels = array();

    public static function checkAccess($category, $action, $is_owner = false, $type = 'module', $in_group = false)
    {
        global $current_user;
        if (is_admin($current_user)) {
            return true;
        }
        $level = isset(self::$levels[$category][$action]) ? self::$levels[$category][$action] : ACL_ALLOW_ALL;
        if ($level >= ACL_ALLOW_ALL) {
            return true;
        }
        if ($level === ACL_ALLOW_GROUP) {
            return (bool) $in_group || (bool) $is_owner;
        }
        if ($level === ACL_ALLOW_OWNER) {
            return (bool) $is_owner;
        }
        return false;
    }
}

class Contact extends SugarBean
{
    public $module_dir = 'Contacts';
    public $object_name = 'Contact';
    public $table_name = 'contacts';
    public $field_defs = array(
        'id' => array('name' => 'id', 'type' => 'id'),
        'first_name' => array('name' => 'first_name', 'type' => 'varchar'),
        'last_name' => array('name' => 'last_name', 'type' => 'varchar'),
        'lead_source' => array('name' => 'lead_source', 'type' => 'enum'),
        'account_name' => array('name' => 'account_name', 'type' => 'relate', 'source' => 'non-db', 'id_name' => 'account_id', 'module' => 'Accounts'),
        'account_id' => array('name' => 'account_id', 'type' => 'relate', 'source' => 'non-db'),
        'email1' => array('name' => 'email1', 'type' => 'varchar', 'source' => 'non-db'),
        // implements/assignable/vardefs.php
        'assigned_user_id' => array('name' => 'assigned_user_id', 'type' => 'relate', 'dbType' => 'id', 'module' => 'Users'),
        'deleted' => array('name' => 'deleted', 'type' => 'bool'),
    );
    public $first_name;
    public $last_name;
    public $lead_source;
    public $account_name;
    public $account_id;
    public $email1;
    public $assigned_user_id;

    public function bean_implements($interface)
    {
        return $interface === 'ACL';
    }

    /** Contact::fill_in_additional_detail_fields(): the linked account (accounts_contacts, newest link first). */
    public function fill_in_additional_detail_fields()
    {
        if (empty($this->id)) {
            return;
        }
        $query = 'SELECT acc.id, acc.name FROM contacts LEFT JOIN accounts_contacts a_c ON a_c.contact_id = ' . $this->db->quoted($this->id) . ' AND a_c.deleted = 0'
            . ' LEFT JOIN accounts acc ON a_c.account_id = acc.id AND acc.deleted = 0 WHERE contacts.id = ' . $this->db->quoted($this->id);
        if (!empty(trim((string) $this->account_id))) {
            $query .= ' AND acc.id = ' . $this->db->quoted($this->account_id);
        }
        $query .= ' ORDER BY a_c.date_modified DESC';
        $row = $this->db->fetchByAssoc($this->db->query($query));
        if ($row) {
            $this->account_name = $row['name'];
            $this->account_id = $row['id'];
        } else {
            $this->account_name = '';
            $this->account_id = '';
        }
    }

    /** Contacts link an account through accounts_contacts, written before before_save. */
    public function save_relationship_changes($is_update, $exclude = array())
    {
        if (!empty($this->account_id)) {
            $this->db->query('DELETE FROM accounts_contacts WHERE contact_id = ' . $this->db->quoted($this->id));
            $this->db->query('INSERT INTO accounts_contacts (id, contact_id, account_id, date_modified, deleted) VALUES (' . $this->db->quoted(create_guid()) . ', '
                . $this->db->quoted($this->id) . ', ' . $this->db->quoted($this->account_id) . ', ' . $this->db->quoted(gmdate('Y-m-d H:i:s')) . ', 0)');
        }
    }
}

/** Leads: the company is a plain column (account_name); account_id is only set when the lead is converted. */
class Lead extends SugarBean
{
    public $module_dir = 'Leads';
    public $object_name = 'Lead';
    public $table_name = 'leads';
    public $field_defs = array(
        'id' => array('name' => 'id', 'type' => 'id'),
        'first_name' => array('name' => 'first_name', 'type' => 'varchar'),
        'last_name' => array('name' => 'last_name', 'type' => 'varchar'),
        'account_name' => array('name' => 'account_name', 'type' => 'varchar'),
        'account_id' => array('name' => 'account_id', 'type' => 'id'),
        'email1' => array('name' => 'email1', 'type' => 'varchar', 'source' => 'non-db'),
        'deleted' => array('name' => 'deleted', 'type' => 'bool'),
    );
    public $first_name;
    public $last_name;
    public $account_name;
    public $account_id;
    public $email1;

    public function bean_implements($interface)
    {
        return $interface === 'ACL';
    }
}

/** Prospects (Targets): the company is a plain column (account_name). */
class Prospect extends SugarBean
{
    public $module_dir = 'Prospects';
    public $object_name = 'Prospect';
    public $table_name = 'prospects';
    public $field_defs = array(
        'id' => array('name' => 'id', 'type' => 'id'),
        'first_name' => array('name' => 'first_name', 'type' => 'varchar'),
        'last_name' => array('name' => 'last_name', 'type' => 'varchar'),
        'account_name' => array('name' => 'account_name', 'type' => 'varchar'),
        'email1' => array('name' => 'email1', 'type' => 'varchar', 'source' => 'non-db'),
        'deleted' => array('name' => 'deleted', 'type' => 'bool'),
    );
    public $first_name;
    public $last_name;
    public $account_name;
    public $email1;

    public function bean_implements($interface)
    {
        return $interface === 'ACL';
    }
}

/** Accounts (Company template). */
class Account extends SugarBean
{
    public $module_dir = 'Accounts';
    public $object_name = 'Account';
    public $table_name = 'accounts';
    public $field_defs = array(
        'id' => array('name' => 'id', 'type' => 'id'),
        'name' => array('name' => 'name', 'type' => 'name'),
        'email1' => array('name' => 'email1', 'type' => 'varchar', 'source' => 'non-db'),
        'deleted' => array('name' => 'deleted', 'type' => 'bool'),
    );
    public $name;
    public $email1;

    public function bean_implements($interface)
    {
        return $interface === 'ACL';
    }
}

class CampaignLog extends SugarBean
{
    public $module_dir = 'CampaignLog';
    public $table_name = 'campaign_log';
    public $field_defs = array();

    public function save($check_notify = false)
    {
        $cols = array('id', 'campaign_id', 'target_tracker_key', 'target_id', 'target_type', 'activity_type', 'activity_date', 'related_id', 'related_type', 'list_id', 'marketing_id', 'more_information', 'deleted');
        $this->id = create_guid();
        $this->deleted = 0;
        $values = array();
        foreach ($cols as $c) {
            $values[] = isset($this->$c) && $this->$c !== null ? $this->db->quoted($this->$c) : 'NULL';
        }
        $this->db->query('INSERT INTO campaign_log (' . implode(', ', $cols) . ') VALUES (' . implode(', ', $values) . ')');
        return $this->id;
    }
}

class Campaign extends SugarBean
{
    public $module_dir = 'Campaigns';
    public $object_name = 'Campaign';
    public $table_name = 'campaigns';
    public $field_defs = array(
        'id' => array('name' => 'id', 'type' => 'id'),
        'name' => array('name' => 'name', 'type' => 'name'),
        'objective' => array('name' => 'objective', 'type' => 'text'),
        'campaign_type' => array('name' => 'campaign_type', 'type' => 'enum', 'options' => 'campaign_type_dom'),
        // implements/assignable/vardefs.php
        'assigned_user_id' => array('name' => 'assigned_user_id', 'type' => 'relate', 'dbType' => 'id', 'module' => 'Users'),
        'deleted' => array('name' => 'deleted', 'type' => 'bool'),
    );
    public $name;
    public $objective;
    public $campaign_type;
    public $assigned_user_id;

    /** Campaign::bean_implements(): campaigns take part in role access. */
    public function bean_implements($interface)
    {
        return $interface === 'ACL';
    }
}

/** modules/Administration/Administration.php subset: settings are rows (category, name, value) of the config table. */
class Administration
{
    public $table_name = 'config';
    public $settings = array();
    public $db;

    public function __construct()
    {
        $this->db = $GLOBALS['db'];
    }

    /** Loads the rows of a category into settings as "<category>_<name>" (and "<category>" => true). */
    public function retrieveSettings($category = false, $clean = false)
    {
        $query = 'SELECT category, name, value FROM config' . (!empty($category) ? ' WHERE category = ' . $this->db->quoted($category) : '');
        $result = $this->db->query($query);
        while ($row = $this->db->fetchByAssoc($result)) {
            $this->settings[$row['category'] . '_' . $row['name']] = $row['value'];
            $this->settings[$row['category']] = true;
        }
        $this->settings[$category] = true;
        return $this;
    }

    /** Inserts or updates the row; like SuiteCRM it does not touch $this->settings (retrieveSettings() reads it back). */
    public function saveSetting($category, $key, $value)
    {
        $where = ' WHERE category = ' . $this->db->quoted($category) . ' AND name = ' . $this->db->quoted($key);
        if ((int) $this->db->getOne('SELECT COUNT(*) FROM config' . $where) === 0) {
            $this->db->query('INSERT INTO config (value, category, name) VALUES (' . $this->db->quoted($value) . ', ' . $this->db->quoted($category) . ', ' . $this->db->quoted($key) . ')');
        } else {
            $this->db->query('UPDATE config SET value = ' . $this->db->quoted($value) . $where);
        }
        return 1;
    }
}

class BeanFactory
{
    public static $beanList = array('Contacts' => 'Contact', 'Leads' => 'Lead', 'Prospects' => 'Prospect', 'Accounts' => 'Account', 'CampaignLog' => 'CampaignLog', 'Campaigns' => 'Campaign', 'EmailMan' => 'EmailMan', 'Administration' => 'Administration');

    public static function newBean($module)
    {
        global $customBeanList, $customBeanFiles;
        $class = isset($customBeanList[$module]) ? $customBeanList[$module] : self::$beanList[$module];
        if (isset($customBeanFiles[$class])) {
            require_once $customBeanFiles[$class];
        }
        return new $class();
    }

    public static function getBean($module, $id = null, $params = array(), $deleted = true)
    {
        $bean = self::newBean($module);
        if ($id === null) {
            return $bean;
        }
        return $bean->retrieve($id) ? $bean : false;
    }
}

/** Message plumbing of include/MVC/SugarApplication.php; redirect() ends the request in SuiteCRM, here it throws. */
class SugarRedirect extends Exception
{
}

class SugarApplication
{
    public static function appendErrorMessage($error_message)
    {
        $_SESSION['user_error_message'][] = $error_message;
    }

    public static function appendSuccessMessage($success_message)
    {
        $_SESSION['user_success_message'][] = $success_message;
    }

    public static function redirect($url)
    {
        throw new SugarRedirect($url);
    }
}

class SugarPHPMailer
{
    /** @var string[] addresses a campaign e-mail went to */
    public $sent = array();
}

function sugar_cleanup($exit = false)
{
}

/** include/utils.php: an administrator of the system. */
function is_admin($user)
{
    return !empty($user->is_admin);
}

/** include/utils.php: stops the request with a message (here: throws, as redirect() does). */
function sugar_die($error_message, $exit_code = 1)
{
    throw new SugarRedirect('die: ' . $error_message);
}

/** include/utils.php: the classic page title of a module page. */
function getClassicModuleTitle($module, $params, $show_create = false, $index_url_override = '', $create_url_override = '')
{
    return '<div class="moduleTitle"><h2>' . implode(' &raquo; ', $params) . '</h2></div>';
}
