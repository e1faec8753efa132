<?php
/** One connector decision, with the texts a CRM user sees in their language (de or en). */
class SphereDecision
{
    /** @var array */
    private $data;

    public function __construct(array $data)
    {
        $this->data = $data;
    }

    /** Fail-closed stand-in when the connector could not be asked. */
    public static function unchecked()
    {
        return new self(array(
            'outcome' => 'unchecked',
            'violations' => array(array(
                'rule' => 'sphere.unavailable',
                'message' => array(
                    'de' => 'Die Datenschutzprüfung konnte nicht durchgeführt werden; die Aktion wurde deshalb nicht ausgeführt.',
                    'en' => 'The privacy check could not run, so the action was not carried out.',
                ),
                'legal_basis' => array(),
                'hint' => array(
                    'de' => 'Bitte später erneut versuchen oder die Administration informieren.',
                    'en' => 'Please try again later or tell your administrator.',
                ),
                'fields' => array(),
            )),
            'warnings' => array(),
        ));
    }

    public function outcome()
    {
        return isset($this->data['outcome']) ? (string) $this->data['outcome'] : 'unchecked';
    }

    public function isBlocked()
    {
        return $this->outcome() !== 'allow' && $this->outcome() !== 'warn';
    }

    public function toArray()
    {
        return $this->data;
    }

    /** @return array findings that block (violations, or the approval reason) */
    public function violations()
    {
        $list = isset($this->data['violations']) && is_array($this->data['violations']) ? $this->data['violations'] : array();
        if ($this->outcome() === 'approval' && isset($this->data['approval']['reason'])) {
            $list[] = array('rule' => 'sphere.approval', 'message' => $this->data['approval']['reason'], 'legal_basis' => array(), 'hint' => null, 'fields' => array());
        }
        return $list;
    }

    public function warnings()
    {
        return isset($this->data['warnings']) && is_array($this->data['warnings']) ? $this->data['warnings'] : array();
    }

    public static function languageKey($language)
    {
        return strncasecmp((string) $language, 'de', 2) === 0 ? 'de' : 'en';
    }

    /** One line per finding: "message (legal basis) — hint". Plain text; HTML escaping is the caller's job. */
    public static function findingText(array $finding, $language)
    {
        $lang = self::languageKey($language);
        $text = self::pick(isset($finding['message']) ? $finding['message'] : null, $lang);
        if (!empty($finding['legal_basis']) && is_array($finding['legal_basis'])) {
            $text .= ' (' . implode(', ', $finding['legal_basis']) . ')';
        }
        $hint = self::pick(isset($finding['hint']) ? $finding['hint'] : null, $lang);
        if ($hint !== '') {
            $text .= ' — ' . $hint;
        }
        return $text;
    }

    /** The connector's id of the logged decision ('' for an unchecked one): the DPO looks it up by this reference. */
    public function decisionId()
    {
        return isset($this->data['decision_id']) && is_string($this->data['decision_id']) ? $this->data['decision_id'] : '';
    }

    /** The findings, then the decision's reference, so a user who asks the DPO why can name it. */
    public function blockText($language)
    {
        $lines = array();
        foreach ($this->violations() as $finding) {
            $lines[] = self::findingText($finding, $language);
        }
        $de = self::languageKey($language) === 'de';
        $reference = $this->decisionId() === '' ? '' : ($de ? ' (Sphere-Entscheidung ' : ' (Sphere decision ') . $this->decisionId() . ')';
        return ($de ? 'Sphere hat das Speichern verhindert: ' : 'Sphere blocked this action: ') . implode(' | ', $lines) . $reference;
    }

    public function warningTexts($language)
    {
        $lines = array();
        foreach ($this->warnings() as $finding) {
            $lines[] = self::findingText($finding, $language);
        }
        return $lines;
    }

    private static function pick($texts, $lang)
    {
        if (is_array($texts)) {
            if (isset($texts[$lang])) {
                return (string) $texts[$lang];
            }
            if (isset($texts['en'])) {
                return (string) $texts['en'];
            }
        }
        return is_string($texts) ? $texts : '';
    }
}
