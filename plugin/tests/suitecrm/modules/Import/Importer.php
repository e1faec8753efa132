<?php
/**
 * Stand-in of modules/Import/Importer.php (7.14.6): same members and the import()/importRow()/saveImportBean() flow,
 * including core's handling of a mapped id column (create vs. update import, _convertId(), cloneExistingBean()).
 */
class ImportFieldSanitize
{
    public static $createdBeans = array();
}

abstract class ImportDataSource implements Iterator
{
    /** @var array CSV lines [error, field, value, rowNumber] as written to the error file */
    public $errors = array();
    public $status = null;
    protected $rows = array();
    /** Like ImportFile: rows read so far; used as the row number of errors and as the status row total. */
    protected $_rowsCount = 0;
    private $position = 0;
    private $rowErrorCount = 0;
    private $errorCount = 0;
    private $createdCount = 0;
    private $updatedCount = 0;
    private $dupeCount = 0;

    public function writeError($error, $fieldName, $fieldValue)
    {
        $this->errors[] = array($error, $fieldName, $fieldValue, $this->_rowsCount);
        if ($this->rowErrorCount === 0) {
            $this->errorCount++;
        }
        $this->rowErrorCount++;
    }

    public function resetRowErrorCounter()
    {
        $this->rowErrorCount = 0;
    }

    public function markRowAsImported($createdRow = true)
    {
        if ($createdRow) {
            $this->createdCount++;
        } else {
            $this->updatedCount++;
        }
    }

    public function markRowAsDuplicate($field_names = array())
    {
        $this->dupeCount++;
    }

    public function writeStatus()
    {
        $this->status = array($this->_rowsCount, $this->errorCount, $this->dupeCount, $this->createdCount, $this->updatedCount, 'csv');
    }

    #[\ReturnTypeWillChange]
    public function current()
    {
        return $this->rows[$this->position];
    }

    #[\ReturnTypeWillChange]
    public function key()
    {
        return $this->position;
    }

    #[\ReturnTypeWillChange]
    public function next()
    {
        $this->position++;
        if ($this->valid()) {
            $this->_rowsCount++;
        }
    }

    #[\ReturnTypeWillChange]
    public function rewind()
    {
        $this->position = 0;
        if ($this->valid()) {
            $this->_rowsCount++;
        }
    }

    #[\ReturnTypeWillChange]
    public function valid()
    {
        return $this->position < count($this->rows);
    }
}

class ImportFile extends ImportDataSource
{
    public function __construct(array $rows)
    {
        $this->rows = $rows;
    }
}

class Importer
{
    protected $importColumns;
    protected $importSource;
    protected $isUpdateOnly;
    protected $bean;

    public function __construct($importSource, $bean)
    {
        $this->importSource = $importSource;
        $this->bean = $bean;
        $this->importColumns = $this->getImportColumns();
        // "Create new records" (import_type=import) or "Create new records and update existing records" (update)
        $this->isUpdateOnly = (isset($_REQUEST['import_type']) && $_REQUEST['import_type'] == 'update');
    }

    public function import()
    {
        foreach ($this->importSource as $row) {
            $this->importRow($row);
        }
        $this->importSource->writeStatus();
    }

    protected function getImportColumns()
    {
        $columns = array();
        for ($i = 0; $i < $_REQUEST['columncount']; $i++) {
            if (!empty($_REQUEST['colnum_' . $i])) {
                $columns[$i] = $_REQUEST['colnum_' . $i];
            }
        }
        return $columns;
    }

    protected function importRow($row)
    {
        $focus = BeanFactory::getBean($this->bean->module_name);
        ImportFieldSanitize::$createdBeans = array();
        $this->importSource->resetRowErrorCounter();
        $do_save = true;
        for ($fieldNum = 0; $fieldNum < $_REQUEST['columncount']; $fieldNum++) {
            if (!isset($this->importColumns[$fieldNum])) {
                continue;
            }
            $field = $this->importColumns[$fieldNum];
            $rowValue = isset($row[$fieldNum]) ? strip_tags(trim($row[$fieldNum])) : '';
            // a default value set in the wizard (posted under the field's name) fills an empty cell
            if (!empty($_REQUEST[$field]) && empty($rowValue)) {
                $rowValue = $_REQUEST[$field];
                // Importer::populateDefaultMapValue(): a multi-select default (a list) is stored as encodeMultienumValue()
                if (is_array($rowValue)) {
                    $rowValue = empty($rowValue) ? '' : '^' . implode('^,^', $rowValue) . '^';
                }
            }
            if (($field === 'email1' || $field === 'email2') && $rowValue !== '' && !filter_var($rowValue, FILTER_VALIDATE_EMAIL)) {
                $this->importSource->writeError('Invalid Email address', $field, $rowValue);
                $do_save = false;
                continue;
            }
            if ($field === 'email1' && $rowValue !== '') {
                $focus->emailAddress->addAddress($rowValue, true);
            }
            $focus->$field = $rowValue;
        }
        // as core: an id names the record to update (update import) or the id of the new record
        $newRecord = true;
        if (!empty($focus->id)) {
            $focus->id = $this->_convertId($focus->id);
            $dbrow = $focus->db->fetchByAssoc($focus->db->query('SELECT * FROM ' . $focus->table_name . ' WHERE id = ' . $focus->db->quoted($focus->id)));
            if (isset($dbrow['id']) && $dbrow['id'] != -1) {
                if (isset($dbrow['deleted']) && $dbrow['deleted'] == 1 && $this->isUpdateOnly == false) {
                    // a deleted record's id in a create import: the deleted row goes, a new record takes its id
                    $this->removeDeletedBean($focus);
                    $focus->new_with_id = true;
                } else {
                    if (!$this->isUpdateOnly) {
                        $this->importSource->writeError('ID already exists in this table.', 'ID', $focus->id);
                        $this->_undoCreatedBeans(ImportFieldSanitize::$createdBeans);
                        return;
                    }
                    $clonedBean = $this->cloneExistingBean($focus);
                    if ($clonedBean === false) {
                        // a deleted record in an update import: retrieve() does not find it
                        $this->importSource->writeError('Record cannot be updated', 'ID', $focus->id);
                        $this->_undoCreatedBeans(ImportFieldSanitize::$createdBeans);
                        return;
                    }
                    $focus = $clonedBean;
                    $newRecord = false;
                }
            } else {
                $focus->new_with_id = true;
            }
        }
        if ($do_save) {
            $this->saveImportBean($focus, $newRecord);
            $this->importSource->markRowAsImported($newRecord);
        } else {
            $this->_undoCreatedBeans(ImportFieldSanitize::$createdBeans);
        }
    }

    /**
     * Core: the stored record (a copy of $this->bean, retrieve()d) with the imported columns set on it. The stand-in's
     * save() writes the e-mail links from emailAddress, so the copy gets its own with the stored (or imported) primary
     * address, as Person::save() keeps it.
     */
    protected function cloneExistingBean($focus)
    {
        $existing_focus = clone $this->bean;
        $existing_focus->emailAddress = new SugarEmailAddress();
        if (!($existing_focus->retrieve($focus->id) instanceof SugarBean)) {
            return false;
        }
        foreach ($this->importColumns as $field) {
            if (isset($focus->$field)) {
                $existing_focus->$field = $focus->$field;
            }
        }
        if (!empty($existing_focus->email1)) {
            $existing_focus->emailAddress->addAddress($existing_focus->email1, true);
        }
        return $existing_focus;
    }

    protected function removeDeletedBean($focus)
    {
        $focus->db->query('DELETE FROM ' . $focus->table_name . ' WHERE id = ' . $focus->db->quoted($focus->id));
        if ($focus->hasCustomFields()) {
            $focus->db->query('DELETE FROM ' . $focus->table_name . '_cstm WHERE id_c = ' . $focus->db->quoted($focus->id));
        }
    }

    /** Core: every character but letters, digits, "-" and "_" becomes its character code. */
    protected function _convertId($string)
    {
        return preg_replace_callback('|[^A-Za-z0-9\-\_]|', function ($matches) {
            return ord($matches[0]);
        }, $string);
    }

    protected function saveImportBean($focus, $newRecord)
    {
        $focus->optimistic_lock = false;
        $focus->in_import = true;
        $focus->save(false);
    }

    protected function _undoCreatedBeans(array $ids)
    {
    }
}
