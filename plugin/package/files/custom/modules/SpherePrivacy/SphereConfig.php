<?php
/**
 * Sphere settings, stored in SuiteCRM's `config` table under category "sphere" (Administration::saveSetting),
 * so uninstalling leaves no file behind and the secret never lands in config_override.php.
 */
class SphereConfig
{
    const CATEGORY = 'sphere';
    const DEFAULT_MODULES = 'Contacts,Leads,Prospects,Accounts';

    /** @var array|null tests and the settings page inject values here instead of reading the config table */
    public static $override = null;

    /** @var array */
    private $values;

    public function __construct(array $values)
    {
        $this->values = $values;
    }

    public static function load()
    {
        if (is_array(self::$override)) {
            return new self(self::$override);
        }
        $values = array();
        if (class_exists('BeanFactory')) {
            $admin = BeanFactory::newBean('Administration');
            if ($admin) {
                $admin->retrieveSettings(self::CATEGORY);
                $prefix = self::CATEGORY . '_';
                foreach ((array) $admin->settings as $key => $value) {
                    if (strpos($key, $prefix) === 0) {
                        $values[substr($key, strlen($prefix))] = $value;
                    }
                }
            }
        }
        return new self($values);
    }

    public function url()
    {
        return rtrim((string) $this->get('url', ''), '/');
    }

    public function secret()
    {
        return (string) $this->get('secret', '');
    }

    /** Seconds; fractional values allowed, bounded so a slow connector cannot hang a save forever. */
    public function timeout()
    {
        $t = (float) $this->get('timeout', 5);
        return $t > 0 && $t <= 60 ? $t : 5.0;
    }

    public function failOpen()
    {
        return $this->get('fail_mode', 'closed') === 'open';
    }

    public function guardedModules()
    {
        $list = (string) $this->get('modules', self::DEFAULT_MODULES);
        return array_values(array_filter(array_map('trim', explode(',', $list)), 'strlen'));
    }

    public function isGuarded($module)
    {
        return in_array($module, $this->guardedModules(), true);
    }

    public function queueFile()
    {
        $default = (isset($GLOBALS['sugar_config']['cache_dir']) ? $GLOBALS['sugar_config']['cache_dir'] : 'cache/') . 'sphere/unchecked.jsonl';
        return (string) $this->get('queue_file', $default);
    }

    public function isConfigured()
    {
        return $this->url() !== '' && $this->secret() !== '';
    }

    private function get($key, $default)
    {
        return isset($this->values[$key]) && $this->values[$key] !== '' ? $this->values[$key] : $default;
    }
}
