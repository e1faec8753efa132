<?php
if (!defined('sugarEntry') || !sugarEntry) {
    die('Not A Valid Entry Point');
}
// ViewFactory only requires this custom file, so the parent view has to be loaded here (§2).
require_once 'modules/Import/views/view.step4.php';
require_once 'custom/modules/SpherePrivacy/SphereImporter.php';

/** Import step 4 with SphereImporter: blocked rows land in the import error list, the chunk continues. */
class CustomImportViewStep4 extends ImportViewStep4
{
    public function display()
    {
        global $mod_strings;
        $uploadFile = 'upload://' . basename($_REQUEST['tmp_file']);
        if (!file_exists($uploadFile)) {
            trigger_error($mod_strings['LBL_CANNOT_OPEN'], E_USER_ERROR);
        }
        $enclosure = isset($_REQUEST['custom_enclosure']) ? html_entity_decode($_REQUEST['custom_enclosure'], ENT_QUOTES) : '"';
        $delimiter = isset($_REQUEST['custom_delimiter']) ? $_REQUEST['custom_delimiter'] : ',';
        $importSource = new ImportFile($uploadFile, $delimiter, $enclosure);
        if (!$importSource->fileExists()) {
            trigger_error($mod_strings['LBL_CANNOT_OPEN'], E_USER_ERROR);
        }
        if (!ImportCacheFiles::ensureWritable()) {
            trigger_error($mod_strings['LBL_ERROR_IMPORT_CACHE_NOT_WRITABLE'], E_USER_ERROR);
        }
        // Second reader of the same chunk for the batch prefetch; it must not delete the file when it goes away.
        $prefetchSource = new ImportFile($uploadFile, $delimiter, $enclosure, false);
        $importer = new SphereImporter($importSource, $this->bean, $prefetchSource);
        $importer->import();
    }
}
