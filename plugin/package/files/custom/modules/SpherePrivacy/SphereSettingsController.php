<?php
require_once __DIR__ . '/SphereHooks.php';

/** Admin settings: validates and stores the form; the secret is write-only (blank keeps the stored one). */
class SphereSettingsController
{
    /**
     * Nothing is stored unless every setting is valid.
     * @return array errors, empty when saved: a label key, or [label key, sprintf arguments…] (see errorMessages())
     */
    public function save(array $post, $admin)
    {
        $errors = array();
        $url = isset($post['url']) ? trim((string) $post['url']) : '';
        if (!preg_match('#^https?://[^\s/]+(:\d+)?(/.*)?$#', $url)) {
            $errors[] = 'LBL_SPHERE_ERR_URL';
        }
        $timeout = isset($post['timeout']) ? (string) $post['timeout'] : '';
        if (!is_numeric($timeout) || (float) $timeout <= 0 || (float) $timeout > 60) {
            $errors[] = 'LBL_SPHERE_ERR_TIMEOUT';
        }
        $failMode = isset($post['fail_mode']) ? (string) $post['fail_mode'] : '';
        if (!in_array($failMode, array('closed', 'open'), true)) {
            $errors[] = 'LBL_SPHERE_ERR_FAIL_MODE';
        }
        $modules = isset($post['modules']) && is_array($post['modules']) ? array_values(array_intersect($post['modules'], explode(',', SphereConfig::DEFAULT_MODULES))) : array();
        $business = !empty($post['business_contacts']) ? '1' : '0';
        // SuiteCRM's clean_incoming_data() HTML-encodes quotes and angle brackets in $_POST; a valid line has none,
        // but the error messages quote the line as it was typed.
        $specialText = isset($post['special_fields']) && is_string($post['special_fields']) ? html_entity_decode($post['special_fields'], ENT_QUOTES, 'UTF-8') : '';
        $special = SphereConfig::parseSpecialCategoryFields($specialText);
        $errors = array_merge($errors, $this->specialCategoryErrors($special));
        if (count($errors) > 0) {
            return $errors;
        }
        $admin->saveSetting(SphereConfig::CATEGORY, 'url', $url);
        $admin->saveSetting(SphereConfig::CATEGORY, 'timeout', $timeout);
        $admin->saveSetting(SphereConfig::CATEGORY, 'fail_mode', $failMode);
        $admin->saveSetting(SphereConfig::CATEGORY, 'modules', implode(',', $modules));
        $admin->saveSetting(SphereConfig::CATEGORY, 'business_contacts', $business);
        $admin->saveSetting(SphereConfig::CATEGORY, 'special_fields', SphereConfig::specialCategoryLines($special['fields']));
        if (isset($post['secret']) && trim((string) $post['secret']) !== '') {
            $admin->saveSetting(SphereConfig::CATEGORY, 'secret', trim((string) $post['secret']));
        }
        return array();
    }

    /**
     * save()'s errors as text in the user's language (plain text; the page escapes it).
     * @param array $strings the module strings of the user's language
     * @return string[]
     */
    public function errorMessages(array $errors, array $strings)
    {
        $messages = array();
        foreach ($errors as $error) {
            $arguments = (array) $error;
            $key = array_shift($arguments);
            $messages[] = vsprintf(isset($strings[$key]) ? $strings[$key] : $key, $arguments);
        }
        return $messages;
    }

    /**
     * The lines of the special-category mapping that cannot be stored, in line order, each naming its line: malformed,
     * an unknown category, a field mapped twice, or a field none of the person modules has (a typo would silently
     * leave the real field unguarded).
     */
    private function specialCategoryErrors(array $special)
    {
        $found = array();
        foreach ($special['errors'] as $e) {
            if ($e['code'] === 'malformed') {
                $found[] = array($e['line'], array('LBL_SPHERE_ERR_SPECIAL_LINE', $e['line'], $e['text']));
            } elseif ($e['code'] === 'category') {
                $found[] = array($e['line'], array('LBL_SPHERE_ERR_SPECIAL_CATEGORY', $e['line'], $e['text'], $e['category'], implode(', ', SphereConfig::specialCategories())));
            } else {
                $found[] = array($e['line'], array('LBL_SPHERE_ERR_SPECIAL_DUPLICATE', $e['line'], $e['text'], $e['field'], $e['first']));
            }
        }
        $known = $this->personFields();
        if (count($known) > 0) {
            foreach ($special['lines'] as $field => $line) {
                if (!isset($known[$field])) {
                    $found[] = array($line[0], array('LBL_SPHERE_ERR_SPECIAL_FIELD', $line[0], $line[1], $field));
                }
            }
        }
        usort($found, function ($a, $b) { return $a[0] - $b[0]; });
        return array_map(function ($entry) { return $entry[1]; }, $found);
    }

    /** @return array field name => true for every field of Contacts, Leads, Prospects and Accounts (custom fields included) */
    private function personFields()
    {
        $fields = array();
        foreach (explode(',', SphereConfig::DEFAULT_MODULES) as $module) {
            $bean = BeanFactory::newBean($module);
            if ($bean && is_array($bean->field_defs)) {
                $fields += array_fill_keys(array_keys($bean->field_defs), true);
            }
        }
        return $fields;
    }

    /**
     * What the fail-open queue holds, for the administrator: events waiting for the scheduler, and events the connector
     * refused, which only a person can deal with. Empty when both are none.
     * @param array $strings the module strings of the user's language
     */
    public function queueStatusText(SphereConfig $config, array $strings)
    {
        $queue = new SphereQueue($config->queueFile());
        $status = $queue->status();
        $lines = array();
        if ($status['pending'] > 0) {
            $lines[] = sprintf($strings['LBL_SPHERE_QUEUE_PENDING'], $status['pending']);
        }
        if ($status['rejected'] > 0) {
            $lines[] = sprintf($strings['LBL_SPHERE_QUEUE_REJECTED'], $status['rejected'], $queue->rejectedFile());
        }
        return implode(' ', $lines);
    }

    /**
     * @return array ['ok' => bool, 'revision' => string, 'error' => string (technical, English), 'cause' => string (a
     *               label key explaining the failure to the administrator, '' when only the error can tell)]
     */
    public function testConnection(SphereConfig $config)
    {
        try {
            $answer = (new SphereClient($config))->policies();
            $revision = isset($answer['active']) ? $answer['active'] : (isset($answer['revision']) ? $answer['revision'] : '');
            if (is_array($revision)) {
                $revision = isset($revision['revision']) ? $revision['revision'] : json_encode($revision);
            }
            return array('ok' => true, 'revision' => (string) $revision, 'error' => '', 'cause' => '');
        } catch (SphereUnavailableException $e) {
            return array('ok' => false, 'revision' => '', 'error' => $e->getMessage(), 'cause' => self::failureCause($e));
        }
    }

    /** The label that tells the administrator what to fix after a failed connection test; '' when none applies. */
    public static function failureCause(SphereUnavailableException $e)
    {
        switch ($e->getCode()) {
            case SphereUnavailableException::NOT_CONFIGURED:
                return 'LBL_SPHERE_TEST_NOT_CONFIGURED';
            case SphereUnavailableException::UNREACHABLE:
                return 'LBL_SPHERE_TEST_UNREACHABLE';
            case 401:
                $byReason = array('bad_signature' => 'LBL_SPHERE_TEST_SECRET', 'stale_timestamp' => 'LBL_SPHERE_TEST_CLOCK');
                $reason = $e->reasonCode();
                return isset($byReason[$reason]) ? $byReason[$reason] : 'LBL_SPHERE_TEST_REFUSED';
            case 503:
                return 'LBL_SPHERE_TEST_UNAVAILABLE';
        }
        return '';
    }

    /** A failed connection test as plain text in the user's language, the technical error in brackets. */
    public function testFailureText(array $result, array $strings)
    {
        $cause = $result['cause'] !== '' && isset($strings[$result['cause']]) ? ' ' . $strings[$result['cause']] : '';
        return $strings['LBL_SPHERE_TEST_FAILED'] . $cause . ' (' . $result['error'] . ')';
    }
}
