<?php
require_once __DIR__ . '/SpherePartialWrites.php';
/** Builds the contract's event JSON from a SuiteCRM bean and the current request. */
class SphereEventBuilder
{
    /** Field types whose values are structural, not personal data about the record. */
    private static $skippedTypes = array('link', 'relate', 'id', 'password', 'image', 'function');

    /** The field that shows a person works for a company: a Contact's linked account, a Lead's or Prospect's company name. */
    private static $companyFields = array('Contacts' => 'account_id', 'Leads' => 'account_name', 'Prospects' => 'account_name');

    /** What an event carries instead of the value of a field mapped to a special category (GDPR Art. 9). */
    const SPECIAL_CATEGORY_VALUE = '[special_category]';

    /** Numeric field types: stored as DB numbers ("5.000000" for a currency), compared by value. */
    private static $numberTypes = array('int', 'long', 'ulong', 'uint', 'short', 'tinyint', 'num', 'float', 'double', 'decimal', 'currency');

    /** Whole-number field types: a form or file writes them with the user's thousands separator at most. */
    private static $wholeNumberTypes = array('int', 'long', 'ulong', 'uint', 'short', 'tinyint', 'num');

    /** Field types a form or an import file holds in the user's or the file's format, which the stored value is not in. */
    private static $formattedTypes = array('date', 'datetime', 'datetimecombo', 'time', 'int', 'long', 'ulong', 'uint', 'short', 'tinyint', 'num', 'float', 'double', 'decimal', 'currency');

    /** The words the import wizard accepts for a checkbox (ImportFieldSanitize::bool(), SugarFieldBool::importSanitize()), plus PHP's. */
    private static $checkboxOff = array('0', 'no', 'off', 'n', 'false', '');
    private static $checkboxOn = array('1', 'yes', 'y', 'on', 'true');

    public static function isNew($bean)
    {
        // §1.4: the id exists before before_save even for new records, so only fetched_row tells.
        return empty($bean->fetched_row) || empty($bean->fetched_row['id']);
    }

    /** @param SphereConfig|null $config the administrator's settings that add facts (B2B contacts, special-category fields) */
    public static function forSave($bean, $channel, ?SphereConfig $config = null)
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
        $facts = array_merge(self::personFactsOf($config, $bean), self::specialCategoryFactsOf($config, $bean));
        if (count($facts) > 0) {
            $event['facts'] = $facts;
        }
        return $event;
    }

    /**
     * facts.person_type: "business" when the administrator turned on B2B contacts and the person works for a company —
     * a Contact linked to an account (account_id), a Lead or Prospect with a company name (account_name). Otherwise no
     * fact at all: the connector then treats the person as a consumer, the stricter case (UWG §7(2) Nr. 1).
     * @param array $values the person's fields, as they are after the action
     * @param bool $import an import links a Contact to the account its account_name names (found or created by
     *             SugarFieldRelate::importSanitize()), so there the name counts as well
     */
    public static function personFacts(?SphereConfig $config, $module, array $values, $import = false)
    {
        if ($config === null || !$config->businessContacts() || !isset(self::$companyFields[$module])) {
            return array();
        }
        $fields = array(self::$companyFields[$module]);
        if ($import && $module === 'Contacts') {
            $fields[] = 'account_name';
        }
        foreach ($fields as $field) {
            if (isset($values[$field]) && is_scalar($values[$field]) && trim((string) $values[$field]) !== '') {
                return array('person_type' => 'business');
            }
        }
        return array();
    }

    /** personFacts() of a bean (a retrieved Contact has its account_id from accounts_contacts). */
    public static function personFactsOf(?SphereConfig $config, $bean)
    {
        return $bean ? self::personFacts($config, (string) $bean->module_dir, self::personValues($bean)) : array();
    }

    /** The fields of a bean personFacts() reads. */
    public static function personValues($bean)
    {
        $values = array();
        foreach (array_unique(array_values(self::$companyFields)) as $field) {
            if (isset($bean->$field) && is_scalar($bean->$field)) {
                $values[$field] = $bean->$field;
            }
        }
        return $values;
    }

    /**
     * facts.special_category (the categories, a list) and facts.fields_changed (the fields) for the fields the
     * administrator mapped to a special category of personal data (GDPR Art. 9) that this write sets to a value: any
     * value on a new record, a different value on an existing one. Fields left unchanged or emptied add nothing.
     * @param array $after field => value being written (fields not written are absent)
     * @param array|null $before field => stored value; null for a new record
     * @param array $fieldDefs the module's vardefs: a checkbox that is off counts as empty
     */
    public static function specialCategoryFacts(?SphereConfig $config, array $after, ?array $before, array $fieldDefs, array $unresolved = array())
    {
        $mapping = $config !== null ? $config->specialCategoryFields() : array();
        $fields = array();
        $categories = array();
        foreach ($mapping as $field => $category) {
            if (!array_key_exists($field, $after)) {
                continue;
            }
            $def = isset($fieldDefs[$field]) && is_array($fieldDefs[$field]) ? $fieldDefs[$field] : array();
            $value = self::valueText($after[$field], $def);
            $stored = $before !== null && array_key_exists($field, $before) ? self::valueText($before[$field], $def) : '';
            // a value whose stored form could not be worked out counts as a change (fail closed)
            if ($value === '' || ($value === $stored && !isset($unresolved[$field]))) {
                continue;
            }
            $fields[] = $field;
            if (!in_array($category, $categories, true)) {
                $categories[] = $category;
            }
        }
        return count($fields) === 0 ? array() : array('special_category' => $categories, 'fields_changed' => $fields);
    }

    /**
     * The facts for values typed in a form (the hint's dry run) or read from an import row, before SuiteCRM saved them:
     * person type from the input's company fields (the stored record's when the input lacks them), special categories
     * for mapped fields the input sets to a value other than the stored one.
     * @param array $input field => value as typed (user format)
     * @param SugarBean|null $stored the record the input changes (retrieved), null for a new record
     * @param bool $import see personFacts()
     */
    public static function inputFacts(?SphereConfig $config, $module, array $input, $stored, array $fieldDefs, $import = false)
    {
        if ($config === null || (!$config->businessContacts() && count($config->specialCategoryFields()) === 0)) {
            return array();
        }
        $person = $stored ? array_merge(self::personValues($stored), $input) : $input;
        $unresolved = array();
        $written = $stored ? self::storedFormat($input, $fieldDefs, $import, $unresolved) : $input;
        return array_merge(self::personFacts($config, $module, $person, $import),
            self::specialCategoryFacts($config, $written, $stored ? (array) $stored->fetched_row : null, $fieldDefs, $unresolved));
    }

    /**
     * Typed values in the form the stored record holds them, for comparing: a whole number loses the user's thousands
     * separators ("1.234", "1,234" → "1234"). Dates, times and fractional numbers in the user's or file's format (date
     * format, time zone, decimal separator) are only resolved by SuiteCRM while it saves. The hint leaves them out (the
     * save hook compares them). An import row does not pass the save hook: there such a value is compared only when it
     * is already in the stored form (a date as Y-m-d, a number as plain digits); otherwise it is listed in $unresolved
     * and counts as changed (fail closed).
     */
    private static function storedFormat(array $input, array $fieldDefs, $import = false, array &$unresolved = array())
    {
        foreach ($input as $field => $value) {
            $type = isset($fieldDefs[$field]['type']) ? $fieldDefs[$field]['type'] : '';
            if (!in_array($type, self::$formattedTypes, true)) {
                continue;
            }
            $text = is_scalar($value) ? trim((string) $value) : '';
            $digits = preg_replace('/[\s.,\'\x{00A0}\x{202F}]/u', '', $text);
            if (in_array($type, self::$wholeNumberTypes, true) && is_string($digits) && preg_match('/^-?\d+$/', $digits)) {
                $input[$field] = $digits;
            } elseif (!$import) {
                // the hint: the save hook compares these once SuiteCRM has converted them
                unset($input[$field]);
            } elseif (($type === 'date' && preg_match('/^\d{4}-\d{2}-\d{2}$/', $text)) || (!in_array($type, array('date', 'datetime', 'datetimecombo', 'time'), true) && preg_match('/^-?\d+$/', $text))) {
                // an import row: only a value already in the stored form (a date as Y-m-d, a number without separators,
                // exponent or sign) reads the same in any date format and separators of the file
                $input[$field] = $text;
            } else {
                // an import row skips the save hook: a value in the file's format (date format, time zone, separators;
                // "+60", "6e1") that cannot be normalised here counts as changed (fail closed)
                $unresolved[$field] = true;
            }
        }
        return $input;
    }

    /**
     * The event as it may leave SuiteCRM: the values of the fields mapped to a special category of personal data
     * (record, changes before/after) are replaced by "[special_category]", keeping the field names. The policies only
     * need facts.special_category and facts.fields_changed, so the value itself never reaches the connector, its
     * decision log or the fail-open queue. Empty values stay empty.
     */
    public static function withoutSpecialCategoryValues(array $event, ?SphereConfig $config)
    {
        $mapping = $config !== null ? $config->specialCategoryFields() : array();
        if (count($mapping) === 0) {
            return $event;
        }
        $mask = function ($value) {
            return $value === null || $value === '' ? $value : self::SPECIAL_CATEGORY_VALUE;
        };
        // "religion_c[]" (a multi-select as a form posts it) is the mapped field "religion_c"
        $mapped = function (array $values) use ($mapping) {
            $hit = array();
            foreach ($values as $field => $value) {
                if (isset($mapping[self::baseFieldName((string) $field)])) {
                    $hit[$field] = $value;
                }
            }
            return $hit;
        };
        if (isset($event['record']) && (is_array($event['record']) || is_object($event['record']))) {
            $record = (array) $event['record'];
            foreach ($mapped($record) as $field => $value) {
                $record[$field] = $mask($value);
            }
            $event['record'] = is_object($event['record']) ? (object) $record : $record;
        }
        if (isset($event['changes']) && (is_array($event['changes']) || is_object($event['changes']))) {
            $changes = (array) $event['changes'];
            foreach ($mapped($changes) as $field => $change) {
                if (!is_array($change) && !is_object($change)) {
                    $changes[$field] = $mask($change);
                    continue;
                }
                $change = (array) $change;
                foreach (array('before', 'after') as $side) {
                    if (array_key_exists($side, $change)) {
                        $change[$side] = $mask($change[$side]);
                    }
                }
                $changes[$field] = $change;
            }
            $event['changes'] = is_object($event['changes']) ? (object) $changes : $changes;
        }
        return $event;
    }

    /** A field's name without the "[]" a multi-select input adds ("religion_c[]" → "religion_c"). */
    public static function baseFieldName($field)
    {
        return substr($field, -2) === '[]' ? substr($field, 0, -2) : $field;
    }

    /** specialCategoryFacts() of a bean being saved, against the row it was retrieved with. */
    private static function specialCategoryFactsOf(?SphereConfig $config, $bean)
    {
        $mapping = $config !== null ? $config->specialCategoryFields() : array();
        $after = array();
        foreach (array_keys($mapping) as $field) {
            if (isset($bean->field_defs[$field])) {
                $after[$field] = isset($bean->$field) ? $bean->$field : null;
            }
        }
        if (count($after) === 0) {
            return array();
        }
        $before = self::isNew($bean) ? null : (array) $bean->fetched_row;
        return self::specialCategoryFacts($config, $after, $before, (array) $bean->field_defs);
    }

    /**
     * A value as text for comparing, in one form whichever way it came: '' for no value (null, blank, a checkbox that is
     * off, an empty multi-select). retrieve() HTML-encodes what it reads (fetchByAssoc() → to_html()) while forms, the V8
     * API and import files give the raw text, so both sides are decoded as SuiteCRM's from_html() does; line breaks are
     * "\n"; a checkbox is "1" for any word the import wizard reads as ticked; a number is compared by value.
     */
    private static function valueText($value, array $def)
    {
        if (!is_scalar($value) || $value === false) {
            return '';
        }
        $text = trim(str_replace(array("\r\n", "\r"), "\n", self::fromHtml((string) $value)));
        $type = isset($def['type']) ? $def['type'] : '';
        if ($type === 'bool') {
            $word = strtolower($text);
            if (in_array($word, self::$checkboxOff, true)) {
                return '';
            }
            return in_array($word, self::$checkboxOn, true) ? '1' : $text;
        }
        if ($type === 'multienum' && trim($text, '^,') === '') {
            return '';
        }
        if (in_array($type, self::$numberTypes, true) && is_numeric($text)) {
            $number = $text + 0;
            return is_int($number) ? (string) $number : rtrim(rtrim(sprintf('%.10F', $number), '0'), '.');
        }
        return $text;
    }

    /** SuiteCRM's from_html(): the text without the HTML encoding retrieve() adds ("Crohn&#039;s" → "Crohn's"). */
    private static function fromHtml($text)
    {
        return html_entity_decode($text, ENT_QUOTES | ENT_HTML401, 'UTF-8');
    }

    public static function record($bean)
    {
        $record = array();
        foreach (self::fieldNames($bean) as $name) {
            if (isset($bean->$name) && is_scalar($bean->$name) && $bean->$name !== '') {
                $record[$name] = is_bool($bean->$name) ? $bean->$name : self::fromHtml((string) $bean->$name);
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
            $after = isset($bean->$name) && is_scalar($bean->$name) ? self::fromHtml((string) $bean->$name) : '';
            if (!$isNew && !array_key_exists($name, $before)) {
                // fetched_row holds the table row only; the stored primary address comes from the retrieve snapshot.
                if ($name !== 'email1') {
                    continue;
                }
                $before['email1'] = SpherePartialWrites::storedPrimaryAddress($bean);
            }
            $old = isset($before[$name]) && is_scalar($before[$name]) ? self::fromHtml((string) $before[$name]) : '';
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

    public static function optInState($flag, $stored)
    {
        $valid = array('not-opt-in', 'opt-in', 'confirmed-opt-in');
        if (is_string($stored) && in_array($stored, $valid, true)) {
            return $stored;
        }
        return !empty($flag) ? 'opt-in' : 'not-opt-in';
    }
}
