<?php
require_once __DIR__ . '/SphereHooks.php';

/**
 * Dry-run decisions for the hint script. The browser only talks to SuiteCRM with its session; the shared secret
 * stays on the server. Answers localized findings keyed by field.
 */
class SphereEntryPointHandler
{
    /** Field types the form shows in the user's format (dates, numbers), which the stored value is not in. */
    private static $formattedTypes = array('date', 'datetime', 'datetimecombo', 'time', 'int', 'float', 'decimal', 'double', 'currency');

    /** @return array [httpStatus, body] */
    public function handle($rawBody)
    {
        $input = json_decode((string) $rawBody, true);
        if (!is_array($input) || !isset($input['module']) || !is_string($input['module'])) {
            return array(400, array('error' => 'bad_request', 'message' => 'expected JSON {"module": "...", "fields": {...}}'));
        }
        $guard = SphereHooks::guard();
        if (!$guard->config()->isGuarded($input['module'])) {
            return array(400, array('error' => 'module_not_guarded', 'message' => 'module ' . $input['module'] . ' is not guarded by Sphere'));
        }
        if (class_exists('ACLController') && !ACLController::checkAccess($input['module'], 'edit', true)) {
            return array(403, array('error' => 'forbidden', 'message' => 'no edit access to ' . $input['module']));
        }
        $fields = isset($input['fields']) && is_array($input['fields']) ? $input['fields'] : array();
        $record = array();
        $changes = array();
        foreach ($fields as $name => $value) {
            if (is_string($name) && is_scalar($value)) {
                $record[$name] = (string) $value;
                $changes[$name] = array('before' => null, 'after' => (string) $value);
            }
        }
        $emails = array();
        if (isset($input['email_addresses']) && is_array($input['email_addresses'])) {
            foreach ($input['email_addresses'] as $a) {
                if (is_array($a) && isset($a['address']) && is_string($a['address']) && $a['address'] !== '') {
                    $emails[] = array('address' => $a['address'], 'primary' => !empty($a['primary']), 'opt_out' => !empty($a['opt_out']), 'invalid' => !empty($a['invalid']), 'confirm_opt_in' => !empty($a['opt_in']) ? 'opt-in' : 'not-opt-in');
                }
            }
        }
        $event = array(
            'event' => 'record.save', 'module' => $input['module'], 'record' => (object) $record, 'changes' => (object) $changes,
            'email_addresses' => $emails, 'actor' => SphereEventBuilder::actor(), 'channel' => 'ui', 'dry_run' => true,
            'request_id' => SphereEventBuilder::requestId(),
        );
        if (!empty($input['record_id']) && is_string($input['record_id'])) {
            $event['record_id'] = $input['record_id'];
        }
        $facts = $this->facts($guard->config(), $input['module'], isset($event['record_id']) ? $event['record_id'] : null, $record);
        if (count($facts) > 0) {
            $event['facts'] = $facts;
        }
        $decision = $guard->decide($event);
        $language = SphereEventBuilder::language();
        $findings = array();
        foreach ($decision->violations() as $f) {
            $findings[] = array('kind' => 'violation', 'fields' => isset($f['fields']) ? (array) $f['fields'] : array(), 'text' => SphereDecision::findingText($f, $language));
        }
        foreach ($decision->warnings() as $f) {
            $findings[] = array('kind' => 'warning', 'fields' => isset($f['fields']) ? (array) $f['fields'] : array(), 'text' => SphereDecision::findingText($f, $language));
        }
        return array(200, array('outcome' => $decision->outcome(), 'blocked' => $decision->isBlocked(), 'findings' => $findings));
    }

    /**
     * The facts the save hook will send for this form, so the hint matches the save: person type from the form's
     * company fields (the stored ones when the form lacks them), special categories for mapped fields the form sets to a
     * value other than the stored one. A mapped date or number field of a stored record is left to the save hook: the
     * form shows it in the user's format, so comparing it here could report a change that is none and keep the form
     * from being submitted.
     */
    private function facts(SphereConfig $config, $module, $recordId, array $fields)
    {
        if (!$config->businessContacts() && count($config->specialCategoryFields()) === 0) {
            return array();
        }
        $bean = BeanFactory::newBean($module);
        $defs = $bean ? (array) $bean->field_defs : array();
        $stored = $recordId !== null ? BeanFactory::getBean($module, $recordId) : null;
        $written = $fields;
        if ($stored) {
            SpherePartialWrites::forget($stored);
            foreach (array_keys($written) as $field) {
                if (isset($defs[$field]['type']) && in_array($defs[$field]['type'], self::$formattedTypes, true)) {
                    unset($written[$field]);
                }
            }
        }
        $person = $stored ? array_merge(SphereEventBuilder::personValues($stored), $fields) : $fields;
        return array_merge(SphereEventBuilder::personFacts($config, $module, $person),
            SphereEventBuilder::specialCategoryFacts($config, $written, $stored ? (array) $stored->fetched_row : null, $defs));
    }
}
