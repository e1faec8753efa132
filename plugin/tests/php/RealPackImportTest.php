<?php
require_once 'custom/modules/SpherePrivacy/SphereImporter.php';

/** A connector that decides but cannot take the provenance afterwards. */
class ProvenanceRefusingClient extends SphereClient
{
    public function recordProvenance(array $records)
    {
        throw new SphereUnavailableException('connector answered 503: unchecked');
    }
}

/**
 * Import against a connector serving the real policy pack (policies/): the provenance rule (GDPR Art. 5(2), 14) lets a
 * row in only when its data source is recorded, in the "Sphere: data source" column or as that field's default value.
 */
class RealPackImportTest extends SphereTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        $this->useConnector(getenv('SPHERE_PACK_URL'), array('secret' => getenv('SPHERE_PACK_SECRET')));
        $_REQUEST = array('module' => 'Import', 'action' => 'Step4', 'import_module' => 'Contacts', 'columncount' => 4,
            'colnum_0' => 'first_name', 'colnum_1' => 'last_name', 'colnum_2' => 'email1', 'colnum_3' => 'sphere_source_c');
    }

    private function import(array $rows)
    {
        $source = new ImportFile($rows);
        (new SphereImporter($source, new Contact(), new ImportFile($rows)))->import();
        return $source;
    }

    public function testRowWithoutDataSourceIsBlockedWithThePacksReasonAndTheOthersAreImported()
    {
        $GLOBALS['log'] = new RecordingLog();
        try {
            $source = $this->import(array(
                array('Anna', 'Messe', 'anna@example.org', 'purchased_list'),
                array('Bert', 'Unbekannt', 'bert@example.org', ''),
            ));
            // the connector answers the provenance with 201 Created: nothing for the administrator to see
            $this->assertSame(array(), preg_grep('/^(error|fatal)/', $GLOBALS['log']->lines));
        } finally {
            unset($GLOBALS['log']);
        }
        $this->assertSame(array('Messe'), array_column($this->rows('SELECT last_name FROM contacts'), 'last_name'));
        $this->assertCount(1, $source->errors);
        $this->assertSame(1, preg_match('/^(.*) \\(Sphere decision ([0-9a-f-]{36})\\)$/', $source->errors[0][0], $refused), $source->errors[0][0]);
        $this->assertSame('Sphere blocked this action: No source is recorded for the added data; the lawfulness of the collection cannot be checked and access requests (GDPR Art. 15(1)(g)) could not be answered. (GDPR Art. 5(2), GDPR Art. 6(1), GDPR Art. 14(2)(f), GDPR Art. 15(1)(g)) — Record source, collection date and legal basis before saving the data.', $refused[1]);
        // the reference names the logged decision, which the DPO can look up
        $logged = $this->packGet('/v1/log/decisions/' . $refused[2]);
        $this->assertSame(array('deny', array('provenance.missing'), 'record.import'), array($logged['outcome'], $logged['rules'], $logged['event']));
        $this->assertSame(array('provenance', '', 2), array_slice($source->errors[0], 1));

        // the connector now knows where each imported field of the saved row came from; a bought list needs the
        // GDPR Art. 14 notice (a trade fair card would not: the person handed it over, Art. 13 applied)
        $id = $this->rows("SELECT id FROM contacts WHERE last_name = 'Messe'")[0]['id'];
        $privacy = $this->packGet('/v1/persons/Contacts/' . $id . '/privacy');
        $fields = array_keys($privacy['provenance']);
        sort($fields);
        $this->assertSame(array('email1', 'first_name', 'last_name'), $fields);
        $this->assertSame('purchased_list', $privacy['provenance']['email1'][0]['sourceType']);
        $this->assertSame('jdoe', $privacy['provenance']['email1'][0]['collectedBy']);
        // the address's fingerprint, not the address, and only for the e-mail field
        $this->assertSame(hash('sha256', 'anna@example.org'), $privacy['provenance']['email1'][0]['valueHash']);
        $this->assertNull($privacy['provenance']['last_name'][0]['valueHash']);
        $this->assertSame('provenance.art14_notice', $privacy['obligations'][0]['id']);
    }

    public function testTheFieldsDefaultValueRecordsTheSourceOfEveryRowWithoutOne()
    {
        $_REQUEST['sphere_source_c'] = 'web_form';
        $source = $this->import(array(array('Cleo', 'Formular', 'cleo@example.org', '')));
        $this->assertSame(array(), $source->errors);
        $this->assertSame(array('Formular'), array_column($this->rows('SELECT last_name FROM contacts'), 'last_name'));
    }

    public function testRowsStayImportedAndTheAdministratorIsToldWhenTheProvenanceCannotBeRecorded()
    {
        $config = new SphereConfig(array('url' => getenv('SPHERE_PACK_URL'), 'secret' => getenv('SPHERE_PACK_SECRET')));
        SphereHooks::$guard = new SphereGuard($config, new ProvenanceRefusingClient($config));
        $GLOBALS['log'] = new RecordingLog();
        try {
            $source = $this->import(array(array('Emil', 'Messe', 'emil@example.org', 'trade_fair_card')));
            $this->assertSame(array(), $source->errors);
            $this->assertSame(array('Messe'), array_column($this->rows('SELECT last_name FROM contacts'), 'last_name'));
            $this->assertSame(array('error: Sphere could not record the provenance of 3 imported fields: connector answered 503: unchecked'), $GLOBALS['log']->lines);
        } finally {
            unset($GLOBALS['log']);
        }
    }

    public function testGermanUsersReadTheReasonInGerman()
    {
        $GLOBALS['current_language'] = 'de_DE';
        $source = $this->import(array(array('Dora', 'Ohne', 'dora@example.org', '')));
        $this->assertStringStartsWith('Sphere hat das Speichern verhindert: Für die hinzugefügten Daten ist keine Herkunft erfasst', $source->errors[0][0]);
    }
}
