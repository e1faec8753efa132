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
}
