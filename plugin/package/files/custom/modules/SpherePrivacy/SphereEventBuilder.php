<?php
require_once __DIR__ . '/SpherePartialWrites.php';
/** Builds the contract's event JSON from a SuiteCRM bean and the current request. */
class SphereEventBuilder
{
    /** Field types whose values are structural, not personal data about the record. */
    private static $skippedTypes = array('link', 'relate', 'id', 'password', 'image', 'function');

    public static function isNew($bean)
    {
        // §1.4: the id exists before before_save even for new records, so only fetched_row tells.
        return empty($bean->fetched_row) || empty($bean->fetched_row['id']);
    }

    public static function forSave($bean, $channel)
    {
        $event = array(
            'event' => $channel === 'import' ? 'record.import' : 'record.save',
            'module' => (string) $bean->module_dir,
            'record' => (object) self::record($bean),
            'changes' => (object) self::changes($bean),
            'email_addresses' => self::emailAddresses($bean),
            'actor' => self::actor(),
            'channel' => $channel,
            'dry_run' => false,
            'request_id' => self::requestId(),
        );
        if (!self::isNew($bean)) {
            $event['record_id'] = (string) $bean->id;
        }
        return $event;
    }

    public static function record($bean)
    {
        $record = array();
        foreach (self::fieldNames($bean) as $name) {
            if (isset($bean->$name) && is_scalar($bean->$name) && $bean->$name !== '') {
                $record[$name] = self::scalar($bean->$name);
            }
        }
        return $record;
    }

    public static function changes($bean)
    {
        $before = is_array($bean->fetched_row) ? $bean->fetched_row : array();
        $changes = array();
        $isNew = self::isNew($bean);
        foreach (self::fieldNames($bean) as $name) {
            $after = isset($bean->$name) && is_scalar($bean->$name) ? (string) $bean->$name : '';
            if (!$isNew && !array_key_exists($name, $before)) {
                // fetched_row holds the table row only; the stored primary address comes from the retrieve snapshot.
                if ($name !== 'email1') {
                    continue;
                }
                $before['email1'] = SpherePartialWrites::storedPrimaryAddress($bean);
            }
            $old = isset($before[$name]) && is_scalar($before[$name]) ? (string) $before[$name] : '';
            if ($after !== $old) {
                $changes[$name] = array('before' => $old === '' ? null : $old, 'after' => $after === '' ? null : $after);
            }
        }
        return $changes;
    }

    public static function emailAddresses($bean)
    {
        $list = array();
        if (isset($bean->emailAddress) && is_object($bean->emailAddress) && is_array($bean->emailAddress->addresses)) {
            foreach ($bean->emailAddress->addresses as $a) {
                if (empty($a['email_address'])) {
                    continue;
                }
                $list[] = array(
                    'address' => (string) $a['email_address'],
                    'primary' => !empty($a['primary_address']),
                    'opt_out' => !empty($a['opt_out']),
                    'invalid' => !empty($a['invalid_email']),
                    'confirm_opt_in' => self::optInState(isset($a['confirm_opt_in_flag']) ? $a['confirm_opt_in_flag'] : null, isset($a['confirm_opt_in']) ? $a['confirm_opt_in'] : null),
                );
            }
        }
        if (count($list) === 0 && !empty($bean->email1)) {
            $list[] = array('address' => (string) $bean->email1, 'primary' => true, 'opt_out' => !empty($bean->email_opt_out), 'invalid' => !empty($bean->invalid_email), 'confirm_opt_in' => 'not-opt-in');
        }
        return $list;
    }

    public static function actor()
    {
        $user = isset($GLOBALS['current_user']) ? $GLOBALS['current_user'] : null;
        if (!is_object($user)) {
            return array('user_id' => '', 'user_name' => 'system', 'roles' => array(), 'is_admin' => false, 'language' => self::language());
        }
        $roles = array();
        if (class_exists('ACLRole') && method_exists('ACLRole', 'getUserRoleNames')) {
            $roles = array_values((array) ACLRole::getUserRoleNames($user->id));
        }
        $actor = array(
            'user_id' => (string) $user->id,
            'user_name' => (string) $user->user_name,
            'roles' => $roles,
            'is_admin' => !empty($user->is_admin),
            'language' => self::language(),
        );
        if (!empty($user->department)) {
            $actor['department'] = (string) $user->department;
        }
        return $actor;
    }

    public static function language()
    {
        $lang = isset($GLOBALS['current_language']) ? (string) $GLOBALS['current_language'] : 'en_us';
        return strncasecmp($lang, 'de', 2) === 0 ? 'de_DE' : 'en_us';
    }

    /** §1.6: there is no API for the request channel; infer it from the request, most specific first. */
    public static function channel($bean)
    {
        $uri = isset($_SERVER['REQUEST_URI']) ? (string) $_SERVER['REQUEST_URI'] : '';
        $module = isset($_REQUEST['module']) ? (string) $_REQUEST['module'] : '';
        $action = isset($_REQUEST['action']) ? (string) $_REQUEST['action'] : '';
        $entryPoint = isset($_REQUEST['entryPoint']) ? (string) $_REQUEST['entryPoint'] : '';
        if (!empty($bean->in_import)) {
            return 'import';
        }
        if (strpos($uri, '/Api/V8/') !== false || strpos($uri, '/api/graphql') !== false) {
            return 'api';
        }
        if ($module === 'Home' && $action === 'saveHTMLField') {
            return 'inline_edit';
        }
        if ($action === 'MassUpdate' || !empty($_REQUEST['massupdate'])) {
            return 'mass_update';
        }
        if ($action === 'ConvertLead') {
            return 'lead_conversion';
        }
        if ($entryPoint === 'WebToPersonCapture' || $entryPoint === 'WebToLeadCapture') {
            return 'web_to_person';
        }
        if (PHP_SAPI === 'cli' && $uri === '') {
            return 'scheduler';
        }
        return 'ui';
    }

    public static function requestId()
    {
        return bin2hex(random_bytes(8));
    }

    private static function fieldNames($bean)
    {
        $names = array();
        foreach ((array) $bean->field_defs as $name => $def) {
            $type = isset($def['type']) ? $def['type'] : '';
            $source = isset($def['source']) ? $def['source'] : 'db';
            if (in_array($type, self::$skippedTypes, true) || ($source === 'non-db' && $name !== 'email1')) {
                continue;
            }
            if (in_array($name, array('date_entered', 'date_modified', 'modified_user_id', 'created_by', 'deleted'), true)) {
                continue;
            }
            $names[] = $name;
        }
        return $names;
    }

    private static function scalar($value)
    {
        return is_bool($value) ? $value : (string) $value;
    }

    private static function optInState($flag, $stored)
    {
        $valid = array('not-opt-in', 'opt-in', 'confirmed-opt-in');
        if (is_string($stored) && in_array($stored, $valid, true)) {
            return $stored;
        }
        return !empty($flag) ? 'opt-in' : 'not-opt-in';
    }
}
