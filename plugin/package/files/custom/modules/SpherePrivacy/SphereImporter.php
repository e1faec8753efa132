<?php
require_once 'modules/Import/Importer.php';
require_once __DIR__ . '/SphereHooks.php';

/** A blocked row must not abort the chunk (§2): it is skipped and reported through ImportDataSource::writeError. */
class SphereRowBlocked extends Exception
{
}

/**
 * Importer that decides every row of the current chunk in one batch request before importing it, then lets a
 * blocked row fail like a validation error while the rest of the chunk continues.
 */
class SphereImporter extends Importer
{
    /** The summary field "Sphere: data source" the connector's migration adds to the person modules (importable). */
    const SOURCE_FIELD = 'sphere_source_c';

    /** @var SphereDecision[] decisions of the chunk, in row order */
    private $sphereDecisions = array();
    /** @var array[] the events those decisions answer, in row order */
    private $sphereEvents = array();
    /** @var array[] provenance of the fields of the rows saved so far, for POST /v1/provenance */
    private $sphereProvenance = array();
    /** @var int index of the row being imported */
    private $sphereRow = -1;
    /** @var Iterator a second reader of the same chunk file */
    private $prefetchSource;

    /**
     * ImportFile counts rows as it reads them (row numbers in the error list, status totals), so the batch prefetch
     * reads the chunk through its own reader instead of iterating the import source twice.
     */
    public function __construct($importSource, $bean, Iterator $prefetchSource)
    {
        parent::__construct($importSource, $bean);
        $this->prefetchSource = $prefetchSource;
    }

    public function import()
    {
        $guard = SphereHooks::guard();
        if ($guard->config()->isGuarded($this->bean->module_dir)) {
            $this->sphereEvents = $this->chunkEvents($guard->config());
            $this->sphereDecisions = $guard->decideBatch($this->sphereEvents);
        }
        parent::import();
        $this->recordProvenance($guard);
    }

    /**
     * Tells the connector where the data of the saved rows came from, field by field, so it can track the GDPR Art. 14
     * notice for these people. The rows are already saved: a failure is logged for the administrator, not undone.
     */
    private function recordProvenance(SphereGuard $guard)
    {
        if (count($this->sphereProvenance) === 0) {
            return;
        }
        try {
            $guard->client()->recordProvenance($this->sphereProvenance);
        } catch (SphereUnavailableException $e) {
            SphereGuard::log('error', 'Sphere could not record the provenance of ' . count($this->sphereProvenance) . ' imported fields: ' . $e->getMessage());
        }
        $this->sphereProvenance = array();
    }

    protected function importRow($row)
    {
        $this->sphereRow++;
        try {
            parent::importRow($row);
        } catch (SphereRowBlocked $blocked) {
            // Thrown before markRowAsImported(): the row counts as an error only.
        }
    }

    protected function saveImportBean($focus, $newRecord)
    {
        $decision = isset($this->sphereDecisions[$this->sphereRow]) ? $this->sphereDecisions[$this->sphereRow] : null;
        if ($decision !== null && $decision->isBlocked()) {
            $language = SphereEventBuilder::language();
            $fields = array();
            foreach ($decision->violations() as $finding) {
                $fields = array_merge($fields, isset($finding['fields']) ? (array) $finding['fields'] : array());
            }
            $field = count($fields) > 0 ? (string) $fields[0] : 'Sphere';
            $value = isset($focus->$field) && is_scalar($focus->$field) ? (string) $focus->$field : '';
            $this->importSource->writeError($decision->blockText($language), $field, $value);
            $this->_undoCreatedBeans(ImportFieldSanitize::$createdBeans);
            throw new SphereRowBlocked();
        }
        if ($decision !== null && count($decision->warnings()) > 0) {
            SphereGuard::log('warn', 'Sphere import warnings (row ' . ($this->sphereRow + 1) . '): ' . implode(' | ', $decision->warningTexts('en')));
        }
        parent::saveImportBean($focus, $newRecord);
        $event = isset($this->sphereEvents[$this->sphereRow]) ? $this->sphereEvents[$this->sphereRow] : null;
        if ($event !== null && isset($event['facts']['provenance']) && !empty($focus->id)) {
            foreach (array_keys((array) $event['record']) as $field) {
                if ($field !== self::SOURCE_FIELD) {
                    $this->sphereProvenance[] = array_merge($event['facts']['provenance'], array(
                        'module' => (string) $this->bean->module_dir, 'person_id' => (string) $focus->id, 'field' => (string) $field,
                        'collected_by' => substr((string) $event['actor']['user_name'], 0, 64),
                    ), self::collectedValue($focus, (string) $field));
                }
            }
        }
    }

    /**
     * The saved e-mail address goes with its provenance, so the connector can tell later whether the address mailed is
     * still the one collected (it keeps only a fingerprint). Other values stay in SuiteCRM: no policy needs them.
     */
    private static function collectedValue(SugarBean $focus, $field)
    {
        $value = isset($focus->$field) && is_scalar($focus->$field) ? trim((string) $focus->$field) : '';
        return preg_match('/^email\d*$/', $field) === 1 && $value !== '' ? array('value' => $value) : array();
    }

    /**
     * Events from the mapped columns of each row (the connector adds stored facts for existing people). A mapped column
     * left empty takes the default value set for its field in the wizard, as Importer::importRow() does when it saves.
     * The "Sphere: data source" field (sphere_source_c) is where the data came from: it travels as the row's provenance.
     * The administrator's settings add facts.person_type (B2B contacts) and, for mapped fields a row sets to a new value,
     * facts.special_category / facts.fields_changed (compared with the stored record when the row updates one by id; a
     * mapped date or fractional number of such a row is in the file's format and not compared, see inputFacts()).
     * A row that updates a stored record (see storedRecord()) names it in record_id, so the connector decides it with
     * that person's stored consents, provenance and SuiteCRM facts and logs the decision in their history; any other
     * row is decided as a new record.
     * The values of mapped fields do not leave SuiteCRM: SphereGuard masks them.
     */
    private function chunkEvents(SphereConfig $config)
    {
        $events = array();
        $actor = SphereEventBuilder::actor();
        $source = isset($_REQUEST['source']) ? (string) $_REQUEST['source'] : 'csv';
        foreach ($this->prefetchSource as $row) {
            $record = array();
            foreach ((array) $this->importColumns as $index => $field) {
                // as Importer::importRow() reads a cell before it sanitizes and saves it: tags stripped, and an empty
                // cell ("0" too, empty() in core) takes the field's default value
                $value = isset($row[$index]) ? strip_tags(trim((string) $row[$index])) : '';
                if (empty($value) && !empty($_REQUEST[$field])) {
                    $value = self::defaultValue($_REQUEST[$field]);
                }
                if ($value !== '') {
                    $record[$field] = $value;
                }
            }
            $facts = array('import_source' => $source);
            if (isset($record[self::SOURCE_FIELD])) {
                $facts['provenance'] = array('source_type' => $record[self::SOURCE_FIELD], 'method' => 'import');
            }
            $stored = $this->storedRecord($record);
            $facts = array_merge($facts, SphereEventBuilder::inputFacts($config, (string) $this->bean->module_dir, $record,
                $stored, (array) $this->bean->field_defs, true));
            $emails = array();
            foreach (array('email1', 'email2') as $i => $emailField) {
                if (!empty($record[$emailField])) {
                    $emails[] = array('address' => $record[$emailField], 'primary' => $i === 0, 'opt_out' => false, 'invalid' => false, 'confirm_opt_in' => 'not-opt-in');
                }
            }
            $changes = array();
            foreach ($record as $field => $value) {
                $changes[$field] = array('before' => null, 'after' => $value);
            }
            $event = array('event' => 'record.import', 'module' => (string) $this->bean->module_dir);
            if ($stored !== null) {
                $event['record_id'] = (string) $stored->id;
            }
            $events[] = $event + array(
                'record' => (object) $record, 'changes' => (object) $changes,
                'email_addresses' => $emails, 'actor' => $actor, 'channel' => 'import', 'facts' => $facts,
                'dry_run' => false, 'request_id' => SphereEventBuilder::requestId(),
            );
        }
        return $events;
    }

    /**
     * The default value set in the wizard's mapping step, as Importer::populateDefaultMapValue() takes it: a
     * multi-select default comes as a list and is stored in the multienum encoding ^a^,^b^ (encodeMultienumValue).
     */
    private static function defaultValue($default)
    {
        if (is_array($default)) {
            $options = array();
            foreach ($default as $option) {
                if (is_scalar($option)) {
                    $options[] = (string) $option;
                }
            }
            return count($options) === 0 ? '' : '^' . implode('^,^', $options) . '^';
        }
        return is_scalar($default) ? trim((string) $default) : '';
    }

    /**
     * The stored record the row updates, or null when the row is decided as a new record. Fetched once per row that
     * names an id, whatever the settings: the event's record_id comes from it, and inputFacts() compares with it.
     *
     * When a row updates a record is decided by core's Importer::importRow() (7.14.6, the same in 8's legacy layer;
     * reference §2: update mode $_REQUEST['import_type'] == 'update', cloneExistingBean()). It converts the id cell
     * (_convertId()) and looks the id up, deleted records included:
     * - update import ($this->isUpdateOnly): a record that exists and is not deleted is updated (cloneExistingBean()
     *   retrieves it); a deleted one cannot be retrieved, so the row fails ("record cannot be updated"); an id no record
     *   has creates a new record with that id;
     * - create import: an id an existing record has fails the row (LBL_ID_EXISTS_ALREADY), a deleted record's id is
     *   freed for a new record (removeDeletedBean()): no row updates a record.
     * So only a row of an update import whose id BeanFactory::getBean() retrieves (it skips deleted records) updates it.
     *
     * As the hint's entry point: a record the user may not edit (ACLAccess('edit')) is neither compared nor named, or
     * the answer would tell its stored special-category values and the person's consents apart; the row is decided as
     * a new record (a mapped value counts as set, stored consents do not count). Core does not check record access on
     * import, so such a row that sets a mapped field is refused (fail closed).
     * The retrieve snapshot is dropped again: the import's own save does not need it.
     */
    private function storedRecord(array $record)
    {
        if (empty($this->isUpdateOnly) || empty($record['id'])) {
            return null;
        }
        $stored = BeanFactory::getBean($this->bean->module_dir, $this->_convertId($record['id']));
        if (!$stored || empty($stored->id)) {
            return null;
        }
        SpherePartialWrites::forget($stored);
        if (!$stored->ACLAccess('edit')) {
            return null;
        }
        return $stored;
    }
}
