<?php
require_once 'custom/modules/SpherePrivacy/SphereImporter.php';
require_once 'custom/modules/SpherePrivacy/SphereEntryPointHandler.php';

/**
 * The facts the administrator's settings add to the events the module builds: facts.person_type for B2B contacts
 * (saves, imports, campaign e-mails, the hint dry run) and facts.special_category / facts.fields_changed for mapped
 * fields a save or import sets to a new value. Decided by the allowing test connector; the events are what is checked.
 */
class EventFactsTest extends SphereTestCase
{
    const MAPPING = "diagnosis_c = health\nreligion_c = religious_beliefs\ndisability_c = health";

    /** @var RecordingClient */
    private $client;

    protected function studioFields()
    {
        return array(
            'Contact' => array('diagnosis_c' => array('type' => 'text'), 'religion_c' => array('type' => 'varchar'), 'disability_c' => array('type' => 'bool'), 'hobby_c' => array('type' => 'varchar'), 'beliefs_c' => array('type' => 'multienum'), 'diagnosis_date_c' => array('type' => 'date'),
                'disability_degree_c' => array('type' => 'int'), 'therapy_cost_c' => array('type' => 'currency')),
            'Lead' => array('diagnosis_c' => array('type' => 'text')),
        );
    }

    protected function setUp(): void
    {
        parent::setUp();
        $this->settings(array('business_contacts' => '1', 'special_fields' => self::MAPPING));
    }

    private function settings(array $settings)
    {
        $this->client = $this->recordingGuard($settings);
    }

    private function lastFacts()
    {
        $event = end($this->client->events);
        $this->assertNotFalse($event, 'an event was sent');
        return isset($event['facts']) ? $event['facts'] : array();
    }

    private function account($name)
    {
        $id = create_guid();
        $GLOBALS['db']->query('INSERT INTO accounts (id, name, deleted) VALUES (' . $GLOBALS['db']->quoted($id) . ', ' . $GLOBALS['db']->quoted($name) . ', 0)');
        return $id;
    }

    // ---- B2B: facts.person_type ----

    public function testAContactLinkedToAnAccountIsSentAsABusinessOthersWithoutPersonType()
    {
        $employee = $this->contact('Angestellt');
        $employee->account_id = $this->account('Muster GmbH');
        $employee->save();
        $this->assertSame(array('person_type' => 'business'), $this->lastFacts());

        $private = $this->contact('Privat');
        $private->save();
        $this->assertSame(array(), $this->lastFacts(), 'no fact: the connector treats the person as a consumer');
        $this->assertArrayNotHasKey('facts', end($this->client->events));

        // an existing contact gets its account from accounts_contacts when retrieved (Contact::fill_in_additional_detail_fields)
        $edit = BeanFactory::getBean('Contacts', $employee->id);
        $edit->last_name = 'Angestellte';
        $edit->save();
        $this->assertSame(array('person_type' => 'business'), $this->lastFacts());
        $edit = BeanFactory::getBean('Contacts', $employee->id);
        $edit->account_id = '';
        $edit->account_name = '';
        $edit->save();
        $this->assertSame(array(), $this->lastFacts(), 'unlinked from the account: a consumer again');
    }

    public function testLeadsAndProspectsWithACompanyNameAreSentAsBusinesses()
    {
        $lead = new Lead();
        $lead->last_name = 'Interessent';
        $lead->account_name = 'Muster GmbH';
        $lead->save();
        $this->assertSame('Leads', end($this->client->events)['module']);
        $this->assertSame(array('person_type' => 'business'), $this->lastFacts());
        $lead = new Lead();
        $lead->last_name = 'Ohne Firma';
        $lead->account_name = '  ';
        $lead->save();
        $this->assertSame(array(), $this->lastFacts());

        $prospect = new Prospect();
        $prospect->last_name = 'Ziel';
        $prospect->account_name = 'Muster GmbH';
        $prospect->save();
        $this->assertSame(array('person_type' => 'business'), $this->lastFacts());

        $account = new Account();
        $account->name = 'Muster GmbH';
        $account->save();
        $this->assertSame(array(), $this->lastFacts(), 'Accounts are businesses for the connector anyway');
    }

    public function testWithTheSettingOffNobodyIsSentAsABusiness()
    {
        $this->settings(array('special_fields' => self::MAPPING));
        $employee = $this->contact('Angestellt');
        $employee->account_id = $this->account('Muster GmbH');
        $employee->save();
        $lead = new Lead();
        $lead->last_name = 'Interessent';
        $lead->account_name = 'Muster GmbH';
        $lead->save();
        foreach ($this->client->events as $event) {
            $this->assertArrayNotHasKey('facts', $event);
        }
    }

    public function testCampaignEMailsCarryThePersonTypePerRecipient()
    {
        CampaignTest::campaign('camp-b2b', 'Fachinfo', 'newsletter');
        $employee = $this->contact('Angestellt', 'angestellt@example.org');
        $employee->account_id = $this->account('Muster GmbH');
        $employee->save();
        $private = $this->contact('Privat', 'privat@example.org');
        $private->save();
        $this->client->events = array();
        foreach (array($employee, $private) as $contact) {
            $GLOBALS['db']->query("INSERT INTO emailman (campaign_id, marketing_id, list_id, user_id, send_date_time, related_id, related_type) VALUES ('camp-b2b', 'mkt-1', 'list-1', '1', '2026-01-01 00:00:00', '" . $contact->id . "', 'Contacts')");
        }
        $mail = $this->deliverQueue();
        $this->assertSame(array('angestellt@example.org', 'privat@example.org'), $mail->sent);
        $facts = array();
        foreach ($this->client->events as $event) {
            $this->assertSame('mailing.send', $event['event']);
            $facts[$event['record_id']] = $event['facts'];
        }
        $this->assertSame('business', $facts[$employee->id]['person_type']);
        $this->assertArrayNotHasKey('person_type', $facts[$private->id]);
        $this->assertSame('mkt-1', $facts[$private->id]['marketing_id'], 'the queue facts stay');
    }

    private function import($module, array $columns, array $rows, array $request = array())
    {
        $_REQUEST = array_merge(array('module' => 'Import', 'action' => 'Step4', 'import_module' => $module, 'columncount' => count($columns)), $request);
        foreach ($columns as $i => $field) {
            $_REQUEST['colnum_' . $i] = $field;
        }
        $source = new ImportFile($rows);
        $bean = BeanFactory::newBean($module);
        (new SphereImporter($source, $bean, new ImportFile($rows)))->import();
        return $source;
    }

    public function testImportRowsCarryThePersonType()
    {
        // The importer links a Contact to the account its account_name names (found or created).
        $this->import('Contacts', array('last_name', 'account_name'), array(array('Angestellt', 'Muster GmbH'), array('Privat', '')));
        $this->assertSame('business', $this->client->events[0]['facts']['person_type']);
        $this->assertArrayNotHasKey('person_type', $this->client->events[1]['facts']);

        $this->client->events = array();
        $this->import('Leads', array('last_name', 'account_name'), array(array('Interessent', ''), array('Interessent', '')), array('account_name' => 'Messe GmbH'));
        $this->assertSame('business', $this->client->events[0]['facts']['person_type'], 'the default value set in the wizard counts');
        $this->assertSame(2, $this->rowCount("SELECT COUNT(*) FROM leads WHERE account_name = 'Messe GmbH'"));
    }

    // ---- GDPR Art. 9: facts.special_category, facts.fields_changed ----

    public function testANewRecordWithAMappedFieldSetCarriesItsCategoriesAndFields()
    {
        $this->settings(array('special_fields' => self::MAPPING));
        $c = $this->contact('Kranke');
        $c->diagnosis_c = 'Diabetes Typ 2';
        $c->religion_c = 'katholisch';
        $c->disability_c = true;
        $c->hobby_c = 'Segeln';
        $c->save();
        $this->assertSame(array('special_category' => array('health', 'religious_beliefs'), 'fields_changed' => array('diagnosis_c', 'religion_c', 'disability_c')), $this->lastFacts());

        $c = $this->contact('Gesund');
        $c->diagnosis_c = '';
        $c->disability_c = false;
        $c->hobby_c = 'Segeln';
        $c->save();
        $this->assertSame(array(), $this->lastFacts(), 'empty mapped fields and unmapped fields add nothing');
    }

    public function testAnUpdateCarriesOnlyMappedFieldsItChangesToAValue()
    {
        $this->settings(array('special_fields' => self::MAPPING));
        $c = $this->contact('Kranke');
        $c->diagnosis_c = 'Diabetes Typ 2';
        $c->disability_c = '1';
        $c->save();

        $edit = BeanFactory::getBean('Contacts', $c->id);
        $this->assertSame('Diabetes Typ 2', $edit->diagnosis_c);
        $edit->last_name = 'Kranke-Muster';
        $edit->save();
        $this->assertSame(array(), $this->lastFacts(), 'unchanged values are not asked again');

        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->diagnosis_c = 'Diabetes Typ 1';
        $edit->save();
        $this->assertSame(array('special_category' => array('health'), 'fields_changed' => array('diagnosis_c')), $this->lastFacts());
        $this->assertSame(array('before' => '[special_category]', 'after' => '[special_category]'), (array) ((array) end($this->client->events)['changes'])['diagnosis_c'], 'the values stay in SuiteCRM');

        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->diagnosis_c = '';
        $edit->disability_c = '0';
        $edit->religion_c = 'evangelisch';
        $edit->save();
        $this->assertSame(array('special_category' => array('religious_beliefs'), 'fields_changed' => array('religion_c')), $this->lastFacts(), 'emptied fields add nothing');
    }

    public function testWithoutAMappingNoSpecialCategoryIsSent()
    {
        $this->settings(array());
        $c = $this->contact('Kranke');
        $c->diagnosis_c = 'Diabetes Typ 2';
        $c->save();
        $this->assertArrayNotHasKey('facts', end($this->client->events));
    }

    public function testBothSettingsTogether()
    {
        $c = $this->contact('Angestellt');
        $c->account_id = $this->account('Muster GmbH');
        $c->diagnosis_c = 'Rückenleiden';
        $c->save();
        $this->assertSame(array('person_type' => 'business', 'special_category' => array('health'), 'fields_changed' => array('diagnosis_c')), $this->lastFacts());
    }

    public function testImportRowsCarryTheMappedFieldsTheySetAndUpdatesCompareWithTheStoredRecord()
    {
        $this->settings(array('special_fields' => self::MAPPING));
        $this->import('Contacts', array('last_name', 'diagnosis_c', 'hobby_c'), array(array('Kranke', 'Asthma', ''), array('Gesund', '', 'Segeln')));
        $this->assertSame(array('import_source' => 'csv', 'special_category' => array('health'), 'fields_changed' => array('diagnosis_c')), $this->client->events[0]['facts']);
        $this->assertSame(array('import_source' => 'csv'), $this->client->events[1]['facts']);

        // an update import (the id column names the record): only values that differ from the stored ones count
        $id = $this->rows("SELECT id FROM contacts WHERE last_name = 'Kranke'")[0]['id'];
        $this->client->events = array();
        $this->import('Contacts', array('id', 'last_name', 'diagnosis_c'), array(array($id, 'Kranke', 'Asthma'), array($id, 'Kranke', 'Asthma, Heuschnupfen')), array('import_type' => 'update'));
        $this->assertSame(array('import_source' => 'csv'), $this->client->events[0]['facts']);
        $this->assertSame(array('health'), $this->client->events[1]['facts']['special_category']);
    }

    /** An update row naming a record the user may not edit is not compared with it: its mapped value counts as set. */
    public function testAnUpdateImportDoesNotCompareWithARecordTheUserMayNotEdit()
    {
        $this->settings(array('special_fields' => self::MAPPING));
        $mine = $this->contact('Eigen');
        $other = $this->contact('Fremd');
        foreach (array($mine, $other) as $i => $c) {
            $c->assigned_user_id = (string) ($i + 1);
            $c->diagnosis_c = 'Asthma';
            $c->save();
        }
        ACLController::$levels['Contacts']['edit'] = ACL_ALLOW_OWNER;
        $this->client->events = array();
        $this->import('Contacts', array('id', 'diagnosis_c'), array(array($mine->id, 'Asthma'), array($other->id, 'Asthma'), array($other->id, 'Diabetes')), array('import_type' => 'update'));
        $this->assertSame(array('import_source' => 'csv'), $this->client->events[0]['facts'], 'own record: unchanged');
        $this->assertSame(array('diagnosis_c'), $this->client->events[1]['facts']['fields_changed'], 'the stored value is not told apart');
        $this->assertSame(array('diagnosis_c'), $this->client->events[2]['facts']['fields_changed']);
    }

    /** A multi-select default set in the wizard comes as a list; core stores it encoded (^a^,^b^), so it carries the fact. */
    public function testAMultiSelectDefaultValueOfAnImportCarriesItsCategory()
    {
        $this->settings(array('special_fields' => "beliefs_c = religious_beliefs"));
        $this->import('Contacts', array('last_name', 'beliefs_c'), array(array('Fromm', ''), array('Fromm', '^jewish^')),
            array('beliefs_c' => array('catholic', 'other')));
        foreach ($this->client->events as $event) {
            $this->assertSame(array('religious_beliefs'), $event['facts']['special_category']);
            $this->assertSame(array('beliefs_c'), $event['facts']['fields_changed']);
        }
        $this->assertSame(2, count($this->client->events));
        $this->assertSame(array('^catholic^,^other^', '^jewish^'), array_column($this->rows("SELECT beliefs_c FROM contacts c JOIN contacts_cstm x ON x.id_c = c.id WHERE c.last_name = 'Fromm' ORDER BY beliefs_c"), 'beliefs_c'));
    }

    // ---- the hint dry run sends what the save will send ----

    public function testTheHintDryRunCarriesTheSameFacts()
    {
        $employee = $this->contact('Angestellt');
        $employee->account_id = $this->account('Muster GmbH');
        $employee->diagnosis_c = 'Asthma';
        $employee->save();
        $handler = new SphereEntryPointHandler();

        // the stored record: its account counts although the form has no account field; an unchanged value adds nothing
        list($status) = $handler->handle(json_encode(array('module' => 'Contacts', 'record_id' => $employee->id, 'fields' => array('last_name' => 'Angestellt', 'diagnosis_c' => 'Asthma'))));
        $this->assertSame(200, $status);
        $this->assertSame(array('person_type' => 'business'), $this->lastFacts());
        $this->assertTrue(end($this->client->events)['dry_run']);

        $handler->handle(json_encode(array('module' => 'Contacts', 'record_id' => $employee->id, 'fields' => array('account_id' => '', 'diagnosis_c' => 'Asthma, Heuschnupfen'))));
        $this->assertSame(array('special_category' => array('health'), 'fields_changed' => array('diagnosis_c')), $this->lastFacts(), 'the form unlinked the account');

        $handler->handle(json_encode(array('module' => 'Leads', 'fields' => array('last_name' => 'Neu', 'account_name' => 'Muster GmbH', 'diagnosis_c' => 'Migräne'))));
        $this->assertSame(array('person_type' => 'business', 'special_category' => array('health'), 'fields_changed' => array('diagnosis_c')), $this->lastFacts());
    }

    public function testTheHintLeavesStoredDateAndNumberFieldsToTheSaveHook()
    {
        $this->settings(array('special_fields' => "diagnosis_date_c = health\ndiagnosis_c = health"));
        $c = $this->contact('Kranke');
        $c->diagnosis_date_c = '2025-12-31';
        $c->save();
        $this->assertSame(array('diagnosis_date_c'), $this->lastFacts()['fields_changed'], 'the save hook compares the stored format');

        // the form shows the date in the user's format: not a change the dry run can tell, so it reports none
        (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'record_id' => $c->id, 'fields' => array('diagnosis_date_c' => '31.12.2025'))));
        $this->assertSame(array(), $this->lastFacts());
        // a new record has nothing stored: any value counts
        (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'fields' => array('diagnosis_date_c' => '31.12.2025'))));
        $this->assertSame(array('diagnosis_date_c'), $this->lastFacts()['fields_changed']);
    }

    // ---- "unchanged" is decided on the value, whatever form it comes in ----

    public function testAStoredValueIsNotTakenForAChangeBecauseRetrieveHtmlEncodesIt()
    {
        $this->settings(array('special_fields' => self::MAPPING));
        $stored = "Crohn's \"aktiv\"\r\nseit 2019";
        $c = $this->contact('Kranke');
        $c->diagnosis_c = $stored;
        $c->save();
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $this->assertSame("Crohn&#039;s &quot;aktiv&quot;\r\nseit 2019", $edit->fetched_row['diagnosis_c'], 'retrieve() reads the row HTML-encoded, as SuiteCRM does');

        // V8 API: attributes are assigned raw (§7.2); the record is otherwise edited
        $edit->diagnosis_c = $stored;
        $edit->last_name = 'Kranke-Muster';
        $edit->save();
        $this->assertSame(array(), $this->lastFacts());
        $this->assertSame(array('last_name'), array_keys((array) end($this->client->events)['changes']), 'no spurious change either');

        // the hint: the browser sends the raw text, a textarea with "\n" line breaks
        list($status) = (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'record_id' => $c->id, 'fields' => array('last_name' => 'Kranke', 'diagnosis_c' => "Crohn's \"aktiv\"\nseit 2019"))));
        $this->assertSame(200, $status);
        $this->assertSame(array(), $this->lastFacts());

        // an update import: the file holds the raw text
        $this->client->events = array();
        $this->import('Contacts', array('id', 'last_name', 'diagnosis_c'), array(array($c->id, 'Kranke', $stored)), array('import_type' => 'update'));
        $this->assertSame(array('import_source' => 'csv'), $this->client->events[0]['facts']);

        // a real change is still one
        (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'record_id' => $c->id, 'fields' => array('diagnosis_c' => "Crohn's \"ruhend\""))));
        $this->assertSame(array('diagnosis_c'), $this->lastFacts()['fields_changed']);
    }

    public function testCheckboxWordsOfAnImportAreReadAsTheImporterReadsThem()
    {
        $this->settings(array('special_fields' => self::MAPPING));
        $this->import('Contacts', array('last_name', 'disability_c'), array(array('A', 'no'), array('B', 'n'), array('C', 'off'), array('D', '0'), array('E', 'yes')));
        foreach (array(0, 1, 2, 3) as $row) {
            $this->assertSame(array('import_source' => 'csv'), $this->client->events[$row]['facts'], 'row ' . $row . ': a checkbox left off sets nothing');
        }
        $this->assertSame(array('disability_c'), $this->client->events[4]['facts']['fields_changed']);

        // stored ticked: an update row ticking it again in any of the importer's words changes nothing
        $c = $this->contact('Behindert');
        $c->disability_c = '1';
        $c->save();
        $this->client->events = array();
        $rows = array_map(function ($word) use ($c) { return array($c->id, $word); }, array('yes', 'y', 'on', '1'));
        $this->import('Contacts', array('id', 'disability_c'), $rows, array('import_type' => 'update'));
        foreach ($this->client->events as $row => $event) {
            $this->assertSame(array('import_source' => 'csv'), $event['facts'], 'row ' . $row);
        }
    }

    public function testNumbersAreComparedByValueAndUserFormattedDatesOfAnUpdateImportAreNotCompared()
    {
        $this->settings(array('special_fields' => "disability_degree_c = health\ntherapy_cost_c = health\ndiagnosis_date_c = health"));
        $c = $this->contact('Kranke');
        // as the database gives them back: decimal(26,6) for a currency
        $c->disability_degree_c = '1234';
        $c->therapy_cost_c = '1200.500000';
        $c->diagnosis_date_c = '2025-12-31';
        $c->save();

        // the save hook (V8 API: raw values in DB format)
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->therapy_cost_c = '1200.5';
        $edit->disability_degree_c = 1234;
        $edit->save();
        $this->assertSame(array(), $this->lastFacts());
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->therapy_cost_c = '1300';
        $edit->save();
        $this->assertSame(array('therapy_cost_c'), $this->lastFacts()['fields_changed']);

        // the hint: the form shows numbers and dates in the user's (German) format
        (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'record_id' => $c->id, 'fields' => array('disability_degree_c' => '1.234', 'diagnosis_date_c' => '31.12.2025'))));
        $this->assertSame(array(), $this->lastFacts());
        (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'record_id' => $c->id, 'fields' => array('disability_degree_c' => '1.250'))));
        $this->assertSame(array('disability_degree_c'), $this->lastFacts()['fields_changed']);

        // an update import: whole numbers without their separators; import rows skip the save hook, so a date or a
        // fractional number in the file's format, which only SuiteCRM's save converts, counts as changed (fail closed)
        $this->client->events = array();
        $this->import('Contacts', array('id', 'disability_degree_c', 'therapy_cost_c', 'diagnosis_date_c'), array(
            array($c->id, '1.234', '1200', '2025-12-31'),
            array($c->id, '1.240', '1200', '2025-12-31'),
            array($c->id, '1.234', '1.200,50', '2025-12-31'),
            array($c->id, '1.234', '1200', '31.12.2025'),
            array($c->id, '1234', '1201', '2026-01-01'),
        ), array('import_type' => 'update'));
        $changed = array_map(function ($e) { return isset($e['facts']['fields_changed']) ? $e['facts']['fields_changed'] : array(); }, $this->client->events);
        $this->assertSame(array(
            array('therapy_cost_c'), // stored 1200.5, the row 1200
            array('disability_degree_c', 'therapy_cost_c'),
            array('therapy_cost_c'),
            array('therapy_cost_c', 'diagnosis_date_c'),
            array('therapy_cost_c', 'diagnosis_date_c'),
        ), $changed);

        // the unchanged values in the stored form change nothing; integers in a form the file's sanitizer would have to
        // read ("+60", "6e1") count as changed
        $c->therapy_cost_c = '1200';
        $c->disability_degree_c = '60';
        $c->save();
        $this->client->events = array();
        $this->import('Contacts', array('id', 'disability_degree_c', 'therapy_cost_c', 'diagnosis_date_c'), array(
            array($c->id, '60', '1200', '2025-12-31'),
            array($c->id, '+60', '1200', '2025-12-31'),
            array($c->id, '6e1', '1200', '2025-12-31'),
        ), array('import_type' => 'update'));
        $this->assertSame(array('import_source' => 'csv'), $this->client->events[0]['facts']);
        $this->assertSame(array('disability_degree_c'), $this->client->events[1]['facts']['fields_changed']);
        $this->assertSame(array('disability_degree_c'), $this->client->events[2]['facts']['fields_changed']);
    }
}
