<?php
require_once __DIR__ . '/SphereHooks.php';

/**
 * Dry-run decisions for the hint script. The browser only talks to SuiteCRM with its session; the shared secret
 * stays on the server. Answers localized findings keyed by field.
 */
class SphereEntryPointHandler
{
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
            return self::forbidden('LBL_SPHERE_NO_MODULE_ACCESS', $input['module']);
        }
        // The hint compares the form with the stored record (special-category values included): only for a record the
        // user may edit, so nobody can probe the stored values of others. Missing and forbidden answer alike.
        $stored = null;
        if (!empty($input['record_id']) && is_string($input['record_id'])) {
            $stored = BeanFactory::getBean($input['module'], $input['record_id']);
            if ($stored) {
                SpherePartialWrites::forget($stored);
            }
            if (!$stored || empty($stored->id) || !$stored->ACLAccess('edit')) {
                return self::forbidden('LBL_SPHERE_NO_RECORD_ACCESS', $input['module']);
            }
        }
        $fields = isset($input['fields']) && is_array($input['fields']) ? $input['fields'] : array();
        $record = array();
        $changes = array();
        foreach ($fields as $name => $value) {
            if (!is_string($name)) {
                continue;
            }
            // A multi-select is posted as "name[]" (its options) plus a hidden "name_multiselect" marker: the field is
            // "name", its value SuiteCRM's multienum encoding ^a^,^b^ (encodeMultienumValue), as the save stores it.
            if (substr($name, -2) === '[]') {
                $name = substr($name, 0, -2);
            } elseif (substr($name, -12) === '_multiselect') {
                continue;
            }
            if (is_array($value)) {
                $options = array_values(array_filter($value, function ($v) { return is_scalar($v) && (string) $v !== ''; }));
                $value = count($options) === 0 ? '' : '^' . implode('^,^', array_map('strval', $options)) . '^';
            }
            if ($name !== '' && is_scalar($value)) {
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
        if ($stored) {
            $event['record_id'] = (string) $stored->id;
        }
        // The facts the save hook will send for this form, so the hint matches the save (see SphereEventBuilder::inputFacts()).
        $bean = BeanFactory::newBean($input['module']);
        $facts = SphereEventBuilder::inputFacts($guard->config(), $input['module'], $record, $stored, $bean ? (array) $bean->field_defs : array());
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

    /** English texts for a SuiteCRM whose labels were not (yet) rebuilt; normally the label in the user's language. */
    private static $fallback = array(
        'LBL_SPHERE_NO_MODULE_ACCESS' => 'You may not edit records in {module}.',
        'LBL_SPHERE_NO_RECORD_ACCESS' => 'You may not edit this record, or it does not exist.',
    );

    /**
     * 403 with the reason in the user's language: the label from $app_strings (German or English), the module by its
     * translated name ($app_list_strings['moduleList']). The hint script shows the message in its banner.
     */
    private static function forbidden($label, $module)
    {
        $text = isset($GLOBALS['app_strings'][$label]) && is_string($GLOBALS['app_strings'][$label]) ? $GLOBALS['app_strings'][$label] : self::$fallback[$label];
        $name = isset($GLOBALS['app_list_strings']['moduleList'][$module]) && is_string($GLOBALS['app_list_strings']['moduleList'][$module])
            ? $GLOBALS['app_list_strings']['moduleList'][$module] : $module;
        return array(403, array('error' => 'forbidden', 'message' => str_replace('{module}', $name, $text)));
    }
}
