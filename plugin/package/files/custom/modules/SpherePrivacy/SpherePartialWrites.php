<?php
/**
 * §1.4: SuiteCRM writes e-mail address rows and relationship rows BEFORE before_save, without a transaction.
 * A blocked save must leave no trace, so the rows that reference a record are captured when it is retrieved
 * (after_retrieve) and put back exactly when its save is blocked. New records have no snapshot: every row
 * referencing their (pre-assigned) id is removed.
 */
class SpherePartialWrites
{
    /** table => column that points at the record, per module */
    private static $referencingTables = array(
        'Contacts' => array('accounts_contacts' => 'contact_id'),
        'Accounts' => array('accounts_contacts' => 'account_id'),
        'Leads' => array(),
        'Prospects' => array(),
    );

    /** Flags of a shared address row a save can change. */
    private static $addressFlags = array('opt_out', 'invalid_email', 'confirm_opt_in', 'confirm_opt_in_date', 'confirm_opt_in_sent_date', 'confirm_opt_in_fail_date');

    /** @var array "Module:id" => snapshot */
    private static $snapshots = array();

    public static function capture($bean)
    {
        if (empty($bean->id)) {
            return;
        }
        $db = $GLOBALS['db'];
        $snapshot = array('rel' => self::rows('email_addr_bean_rel', "bean_id = " . $db->quoted($bean->id) . " AND bean_module = " . $db->quoted($bean->module_dir)), 'tables' => array(), 'addresses' => array());
        foreach (self::tablesFor($bean) as $table => $column) {
            $snapshot['tables'][$table] = self::rows($table, $column . ' = ' . $db->quoted($bean->id));
        }
        foreach ($snapshot['rel'] as $rel) {
            foreach (self::rows('email_addresses', 'id = ' . $db->quoted($rel['email_address_id'])) as $address) {
                $snapshot['addresses'][$address['id']] = $address;
            }
        }
        self::$snapshots[self::key($bean)] = $snapshot;
    }

    /** The primary address stored when the record was retrieved, or null when unknown. */
    public static function storedPrimaryAddress($bean)
    {
        $key = self::key($bean);
        if (!isset(self::$snapshots[$key])) {
            return null;
        }
        foreach (self::$snapshots[$key]['rel'] as $rel) {
            if (!empty($rel['primary_address']) && empty($rel['deleted']) && isset(self::$snapshots[$key]['addresses'][$rel['email_address_id']])) {
                return self::$snapshots[$key]['addresses'][$rel['email_address_id']]['email_address'];
            }
        }
        return null;
    }

    public static function forget($bean)
    {
        unset(self::$snapshots[self::key($bean)]);
    }

    public static function revert($bean, $isNew)
    {
        $db = $GLOBALS['db'];
        $key = self::key($bean);
        $snapshot = !$isNew && isset(self::$snapshots[$key]) ? self::$snapshots[$key] : array('rel' => array(), 'tables' => array(), 'addresses' => array());
        if (!$isNew && !isset(self::$snapshots[$key])) {
            SphereGuard::log('warn', 'Sphere: no snapshot of ' . $key . ' to revert e-mail/relationship rows');
            return;
        }
        $relWhere = "bean_id = " . $db->quoted($bean->id) . " AND bean_module = " . $db->quoted($bean->module_dir);
        $touchedAddresses = array();
        foreach (self::rows('email_addr_bean_rel', $relWhere) as $rel) {
            $touchedAddresses[$rel['email_address_id']] = true;
        }
        self::replaceRows('email_addr_bean_rel', $relWhere, $snapshot['rel']);
        foreach (self::tablesFor($bean) as $table => $column) {
            self::replaceRows($table, $column . ' = ' . $db->quoted($bean->id), isset($snapshot['tables'][$table]) ? $snapshot['tables'][$table] : array());
        }
        foreach ($snapshot['addresses'] as $id => $address) {
            $sets = array();
            foreach (self::$addressFlags as $flag) {
                if (array_key_exists($flag, $address)) {
                    $sets[] = $flag . ' = ' . ($address[$flag] === null ? 'NULL' : $db->quoted($address[$flag]));
                }
            }
            if ($sets) {
                $db->query('UPDATE email_addresses SET ' . implode(', ', $sets) . ' WHERE id = ' . $db->quoted($id));
            }
            unset($touchedAddresses[$id]);
        }
        // Addresses this blocked save created and nobody else uses.
        foreach (array_keys($touchedAddresses) as $id) {
            $others = self::rows('email_addr_bean_rel', 'email_address_id = ' . $db->quoted($id) . ' AND deleted = 0');
            if (count($others) === 0) {
                $db->query('DELETE FROM email_addresses WHERE id = ' . $db->quoted($id));
            }
        }
        self::forget($bean);
    }

    private static function replaceRows($table, $where, array $rows)
    {
        $db = $GLOBALS['db'];
        $db->query('DELETE FROM ' . $table . ' WHERE ' . $where);
        foreach ($rows as $row) {
            $values = array();
            foreach ($row as $value) {
                $values[] = $value === null ? 'NULL' : $db->quoted($value);
            }
            $db->query('INSERT INTO ' . $table . ' (' . implode(', ', array_keys($row)) . ') VALUES (' . implode(', ', $values) . ')');
        }
    }

    private static function rows($table, $where)
    {
        $db = $GLOBALS['db'];
        $result = $db->query('SELECT * FROM ' . $table . ' WHERE ' . $where);
        $rows = array();
        while ($result && ($row = $db->fetchByAssoc($result, false))) {
            $rows[] = $row;
        }
        return $rows;
    }

    private static function tablesFor($bean)
    {
        return isset(self::$referencingTables[$bean->module_dir]) ? self::$referencingTables[$bean->module_dir] : array();
    }

    private static function key($bean)
    {
        return $bean->module_dir . ':' . $bean->id;
    }
}
