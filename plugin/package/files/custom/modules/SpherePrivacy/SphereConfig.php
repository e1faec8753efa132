<?php
/**
 * Sphere settings, stored in SuiteCRM's `config` table under category "sphere" (Administration::saveSetting),
 * so uninstalling leaves no file behind and the secret never lands in config_override.php.
 */
class SphereConfig
{
    const CATEGORY = 'sphere';
    const DEFAULT_MODULES = 'Contacts,Leads,Prospects,Accounts';
    /**
     * The special categories of personal data (GDPR Art. 9(1)) a field can be mapped to. The policy pack reads them as
     * facts.special_category and looks for an explicit consent to the purpose "special_category_<category>".
     */
    const SPECIAL_CATEGORIES = 'racial_or_ethnic_origin,political_opinions,religious_beliefs,trade_union_membership,genetic,biometric,health,sex_life_or_orientation';

    /** @var array|null tests and the settings page inject values here instead of reading the config table */
    public static $override = null;

    /** @var array */
    private $values;

    /** @var array|null parsed special-category mapping, read once per request */
    private $specialFields = null;

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
                        // retrieveSettings() reads rows HTML-encoded (fetchByAssoc): a secret with & < > " ' must sign as typed
                        $values[substr($key, strlen($prefix))] = is_string($value) ? html_entity_decode($value, ENT_QUOTES | ENT_HTML401, 'UTF-8') : $value;
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

    /** B2B: people who work for a company are sent as businesses (facts.person_type), see SphereEventBuilder::personFacts(). */
    public function businessContacts()
    {
        return (string) $this->get('business_contacts', '0') === '1';
    }

    /** @return array field name => special category, as the administrator mapped them (lines that do not parse are ignored) */
    public function specialCategoryFields()
    {
        if ($this->specialFields === null) {
            $parsed = self::parseSpecialCategoryFields((string) $this->get('special_fields', ''));
            $this->specialFields = $parsed['fields'];
        }
        return $this->specialFields;
    }

    /** The mapping as the settings page shows it: one "field = category" per line. */
    public function specialCategoryText()
    {
        return self::specialCategoryLines($this->specialCategoryFields());
    }

    /** @return string[] */
    public static function specialCategories()
    {
        return explode(',', self::SPECIAL_CATEGORIES);
    }

    /**
     * Reads the mapping the administrator typed, one "field_name = category" per line; blank lines are skipped.
     * @return array ['fields' => field => category, 'lines' => field => [line number, line],
     *               'errors' => list of ['code' => malformed|category|duplicate, 'line' => 1-based line number,
     *               'text' => the line, 'field' => ..., 'category' => ..., 'first' => line of the earlier mapping]]
     */
    public static function parseSpecialCategoryFields($text)
    {
        $fields = array();
        $lines = array();
        $errors = array();
        foreach (preg_split('/\r\n|\r|\n/', (string) $text) as $index => $raw) {
            $line = trim($raw);
            if ($line === '') {
                continue;
            }
            $number = $index + 1;
            if (!preg_match('/^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([A-Za-z_]+)$/', $line, $m)) {
                $errors[] = array('code' => 'malformed', 'line' => $number, 'text' => $line);
                continue;
            }
            $field = $m[1];
            $category = strtolower($m[2]);
            if (!in_array($category, self::specialCategories(), true)) {
                $errors[] = array('code' => 'category', 'line' => $number, 'text' => $line, 'field' => $field, 'category' => $m[2]);
                continue;
            }
            if (isset($fields[$field])) {
                $errors[] = array('code' => 'duplicate', 'line' => $number, 'text' => $line, 'field' => $field, 'first' => $lines[$field][0]);
                continue;
            }
            $fields[$field] = $category;
            $lines[$field] = array($number, $line);
        }
        return array('fields' => $fields, 'lines' => $lines, 'errors' => $errors);
    }

    /** The stored form of a mapping: "field = category" lines. */
    public static function specialCategoryLines(array $fields)
    {
        $lines = array();
        foreach ($fields as $field => $category) {
            $lines[] = $field . ' = ' . $category;
        }
        return implode("\n", $lines);
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
