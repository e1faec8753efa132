<?php
require_once 'custom/modules/SpherePrivacy/SphereImporter.php';
require_once 'custom/modules/SpherePrivacy/SphereEntryPointHandler.php';
require_once 'custom/modules/SpherePrivacy/SphereReplayJob.php';

/**
 * The value of a field mapped to a special category of personal data (GDPR Art. 9) never leaves SuiteCRM: saves, import
 * rows, the hint's dry run, campaign e-mails and the fail-open queue carry the field as "[special_category]", in record
 * and in changes. The policies decide on facts.special_category / fields_changed.
 */
class SpecialCategoryMaskingTest extends SphereTestCase
{
    /** The clear values used here; none of them may appear in anything sent or queued. */
    const DIAGNOSIS = 'HIV-positiv seit 2019';
    const OTHER_DIAGNOSIS = 'Hepatitis C';

    /** @var RecordingClient */
    private $client;
    /** @var string|null */
    private $queueFile;

    protected function studioFields()
    {
        return array('Contact' => array('diagnosis_c' => array('type' => 'text'), 'hobby_c' => array('type' => 'varchar'), 'religion_c' => array('type' => 'multienum')));
    }

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->recordingGuard(array('special_fields' => 'diagnosis_c = health'));
    }

    protected function tearDown(): void
    {
        if ($this->queueFile !== null) {
            foreach (glob(dirname($this->queueFile) . '/*') as $file) {
                unlink($file);
            }
            rmdir(dirname($this->queueFile));
        }
        parent::tearDown();
    }

    private function assertNoClearValue($sent)
    {
        $text = is_string($sent) ? $sent : json_encode($sent);
        $this->assertStringNotContainsString('HIV', $text);
        $this->assertStringNotContainsString('Hepatitis', $text);
    }

    private function storedContact($diagnosis)
    {
        $c = $this->contact('Kranke', 'kranke@example.org');
        $c->diagnosis_c = $diagnosis;
        $c->save();
        return $c;
    }

    public function testSavesCarryNeitherTheNewNorTheStoredValue()
    {
        $c = $this->storedContact(self::DIAGNOSIS);
        $event = json_decode(json_encode(end($this->client->events)), true);
        $this->assertSame('[special_category]', $event['record']['diagnosis_c'], 'the field stays, its value does not');
        $this->assertSame(array('before' => null, 'after' => '[special_category]'), $event['changes']['diagnosis_c']);
        $this->assertSame(array('special_category' => array('health'), 'fields_changed' => array('diagnosis_c')), $event['facts']);
        $this->assertSame(self::DIAGNOSIS, $GLOBALS['db']->getOne("SELECT diagnosis_c FROM contacts_cstm WHERE id_c = '" . $c->id . "'"), 'SuiteCRM stores it');

        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->diagnosis_c = self::OTHER_DIAGNOSIS;
        $edit->save();
        $event = json_decode(json_encode(end($this->client->events)), true);
        $this->assertSame(array('before' => '[special_category]', 'after' => '[special_category]'), $event['changes']['diagnosis_c']);

        // an edit of another field still carries the stored value in record: masked too
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->hobby_c = 'Segeln';
        $edit->save();
        $event = json_decode(json_encode(end($this->client->events)), true);
        $this->assertSame('[special_category]', $event['record']['diagnosis_c']);
        $this->assertSame('Segeln', $event['record']['hobby_c'], 'other fields are sent as they are');
        $this->assertCount(3, $this->client->events);
        $this->assertNoClearValue($this->client->events);
    }

    public function testImportRowsDoNotCarryTheValue()
    {
        $c = $this->storedContact(self::DIAGNOSIS);
        $this->client->events = array();
        $_REQUEST = array('module' => 'Import', 'action' => 'Step4', 'import_module' => 'Contacts', 'columncount' => 3, 'colnum_0' => 'id', 'colnum_1' => 'last_name', 'colnum_2' => 'diagnosis_c');
        $rows = array(array('', 'Neu', self::DIAGNOSIS), array($c->id, 'Kranke', self::OTHER_DIAGNOSIS));
        (new SphereImporter(new ImportFile($rows), new Contact(), new ImportFile($rows)))->import();
        $this->assertCount(2, $this->client->events);
        foreach ($this->client->events as $event) {
            $this->assertSame('[special_category]', ((array) $event['record'])['diagnosis_c']);
            $this->assertSame(array('health'), $event['facts']['special_category']);
        }
        $this->assertNoClearValue($this->client->events);
    }

    public function testTheHintDryRunDoesNotCarryTheValue()
    {
        $c = $this->storedContact(self::DIAGNOSIS);
        $handler = new SphereEntryPointHandler();
        list($status) = $handler->handle(json_encode(array('module' => 'Contacts', 'record_id' => $c->id, 'fields' => array('diagnosis_c' => self::OTHER_DIAGNOSIS))));
        $this->assertSame(200, $status);
        $event = json_decode(json_encode(end($this->client->events)), true);
        $this->assertTrue($event['dry_run']);
        $this->assertSame('[special_category]', $event['record']['diagnosis_c']);
        $this->assertSame(array('before' => null, 'after' => '[special_category]'), $event['changes']['diagnosis_c']);
        $this->assertSame(array('diagnosis_c'), $event['facts']['fields_changed']);
        $handler->handle(json_encode(array('module' => 'Contacts', 'fields' => array('last_name' => 'Neu', 'diagnosis_c' => self::DIAGNOSIS))));
        $this->assertNoClearValue($this->client->events);
    }

    /**
     * SuiteCRM names a multi-select input "religion_c[]" and adds a hidden "religion_c_multiselect": the hint entry
     * point reads them as the field religion_c with the multienum encoding, so it is masked and gets its fact; a name
     * with "[]" that still reaches the masking is masked by its base name.
     */
    public function testTheHintReadsAMultiSelectAsItsFieldAndMasksIt()
    {
        $this->client = $this->recordingGuard(array('special_fields' => "diagnosis_c = health\nreligion_c = religious_beliefs"));
        foreach (array(array('Hindu', 'Jain'), '^Hindu^,^Jain^') as $posted) {
            list($status) = (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts',
                'fields' => array('last_name' => 'Neu', 'religion_c[]' => $posted, 'religion_c_multiselect' => 'true'))));
            $this->assertSame(200, $status);
            $event = json_decode(json_encode(end($this->client->events)), true);
            $this->assertSame(array('special_category' => array('religious_beliefs'), 'fields_changed' => array('religion_c')), $event['facts']);
            $this->assertSame(array('last_name' => 'Neu', 'religion_c' => '[special_category]'), $event['record']);
            $this->assertStringNotContainsString('Hindu', json_encode($event));
        }
        $masked = SphereEventBuilder::withoutSpecialCategoryValues(array('record' => array('religion_c[]' => 'Hindu'), 'changes' => array('religion_c[]' => array('before' => null, 'after' => 'Hindu'))),
            SphereHooks::guard()->config());
        $this->assertSame(array('religion_c[]' => '[special_category]'), $masked['record']);
        $this->assertSame(array('before' => null, 'after' => '[special_category]'), $masked['changes']['religion_c[]']);
    }

    public function testCampaignEMailsDoNotCarryTheStoredValue()
    {
        CampaignTest::campaign('camp-1', 'Newsletter', 'newsletter');
        $c = $this->storedContact(self::DIAGNOSIS);
        $this->client->events = array();
        $GLOBALS['db']->query("INSERT INTO emailman (campaign_id, marketing_id, list_id, user_id, send_date_time, related_id, related_type) VALUES ('camp-1', 'mkt-1', 'list-1', '1', '2026-01-01 00:00:00', '" . $c->id . "', 'Contacts')");
        $this->assertSame(array('kranke@example.org'), $this->deliverQueue()->sent);
        $this->assertCount(1, $this->client->events);
        $this->assertSame('mailing.send', $this->client->events[0]['event']);
        $this->assertSame('[special_category]', ((array) $this->client->events[0]['record'])['diagnosis_c']);
        $this->assertNoClearValue($this->client->events);
    }

    public function testTheFailOpenQueueHoldsNoValueAndTheReplayMasksLinesQueuedWithOne()
    {
        $this->queueFile = sys_get_temp_dir() . '/sphere-mask-' . getmypid() . '-' . bin2hex(random_bytes(4)) . '/unchecked.jsonl';
        $this->useConnector(getenv('SPHERE_DOWN_URL'), array('fail_mode' => 'open', 'queue_file' => $this->queueFile, 'special_fields' => 'diagnosis_c = health'));
        $c = $this->storedContact(self::DIAGNOSIS);
        $this->assertSame(1, $this->rowCount("SELECT COUNT(*) FROM contacts WHERE id = '" . $c->id . "'"), 'fail open: saved unchecked');
        $queued = file_get_contents($this->queueFile);
        $this->assertStringContainsString('"diagnosis_c":"[special_category]"', $queued);
        $this->assertNoClearValue($queued);

        // a line an earlier version queued with the clear value is masked when the scheduler replays it
        file_put_contents($this->queueFile, json_encode(array('event' => 'record.save', 'module' => 'Contacts', 'record' => array('last_name' => 'Alt', 'diagnosis_c' => self::OTHER_DIAGNOSIS),
            'changes' => array('diagnosis_c' => array('before' => null, 'after' => self::OTHER_DIAGNOSIS)), 'channel' => 'ui', 'unchecked' => true)) . "\n", FILE_APPEND);
        $config = new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET'), 'queue_file' => $this->queueFile, 'special_fields' => 'diagnosis_c = health'));
        $client = new RecordingClient($config);
        SphereHooks::$guard = new SphereGuard($config, $client);
        $this->assertTrue(sphereReplayUncheckedJob());
        $this->assertCount(2, $client->events);
        $this->assertSame('[special_category]', $client->events[1]['record']['diagnosis_c']);
        $this->assertSame(array('before' => null, 'after' => '[special_category]'), $client->events[1]['changes']['diagnosis_c']);
        $this->assertNoClearValue($client->events);
        $this->assertSame(array(), (new SphereQueue($this->queueFile))->pending());
    }
}
