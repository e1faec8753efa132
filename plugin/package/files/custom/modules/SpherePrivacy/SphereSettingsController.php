<?php
require_once __DIR__ . '/SphereHooks.php';

/** Admin settings: validates and stores the form; the secret is write-only (blank keeps the stored one). */
class SphereSettingsController
{
    const FIELDS = 'url,timeout,fail_mode,modules';

    /** @return string[] error label keys; empty when saved */
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
        if (count($errors) > 0) {
            return $errors;
        }
        $admin->saveSetting(SphereConfig::CATEGORY, 'url', $url);
        $admin->saveSetting(SphereConfig::CATEGORY, 'timeout', $timeout);
        $admin->saveSetting(SphereConfig::CATEGORY, 'fail_mode', $failMode);
        $admin->saveSetting(SphereConfig::CATEGORY, 'modules', implode(',', $modules));
        if (isset($post['secret']) && trim((string) $post['secret']) !== '') {
            $admin->saveSetting(SphereConfig::CATEGORY, 'secret', trim((string) $post['secret']));
        }
        return array();
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

    /** @return array ['ok' => bool, 'revision' => string, 'error' => string] */
    public function testConnection(SphereConfig $config)
    {
        try {
            $answer = (new SphereClient($config))->policies();
            $revision = isset($answer['active']) ? $answer['active'] : (isset($answer['revision']) ? $answer['revision'] : '');
            if (is_array($revision)) {
                $revision = isset($revision['revision']) ? $revision['revision'] : json_encode($revision);
            }
            return array('ok' => true, 'revision' => (string) $revision, 'error' => '');
        } catch (SphereUnavailableException $e) {
            return array('ok' => false, 'revision' => '', 'error' => $e->getMessage());
        }
    }
}
