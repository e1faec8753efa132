<?php
require_once 'custom/modules/SpherePrivacy/SphereImporter.php';

/**
 * The facts the settings add, decided by a connector serving the real policy pack (policies/):
 * - a save or import setting a field mapped to "health" is denied (special_category.no_exception, GDPR Art. 9) and
 *   blocked like any other denial, unless the person gave explicit consent to "special_category_health";
 * - B2B contacts: the module sends no phone.call events and its campaign e-mails are e-mail, for which UWG §7(2) Nr. 2
 *   makes no B2B distinction, so the e-mail outcome is the same for a business and a consumer. The pack tells them
 *   apart for advertising calls (UWG §7(2) Nr. 1): the same recipient events, declared as a phone campaign, show it.
 */
class RealPackPersonFactsTest extends SphereTestCase
{
    /** @var RecordingClient */
    private $client;

    protected function studioFields()
    {
        return array('Contact' => array('diagnosis_c' => array('type' => 'text')));
    }

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->recordingGuard(self::packConnector(array('business_contacts' => '1', 'special_fields' => 'diagnosis_c = health')));
    }

    /** The person's explicit, provable consent to storing their health data (GDPR Art. 9(2)(a)). */
    private function healthConsent($contactId)
    {
        return $this->packPost('/v1/persons/Contacts/' . $contactId . '/consents', array(
            'purpose' => 'special_category_health', 'channel' => 'any', 'method' => 'written', 'active_act' => true,
            'given_at' => '2026-01-10T09:00:00Z', 'proof_ref' => 'signed-form-' . $contactId,
        ));
    }

    private static function rules(array $findings)
    {
        return array_values(array_map(function ($f) { return $f['rule']; }, $findings));
    }

    private function storedDiagnosis($contactId)
    {
        return $GLOBALS['db']->getOne('SELECT diagnosis_c FROM contacts_cstm WHERE id_c = ' . $GLOBALS['db']->quoted($contactId));
    }

    // ---- GDPR Art. 9 ----

    public function testSavingAHealthValueIsDeniedAndNothingIsStored()
    {
        $c = $this->contact('Kranke', 'kranke@example.org');
        $c->diagnosis_c = 'Diabetes Typ 2';
        try {
            $c->save();
            $this->fail('the health value was stored without explicit consent');
        } catch (SphereBlockedException $e) {
            $this->assertSame('deny', $e->getDecision()->outcome());
            $violations = $e->getDecision()->violations();
            $this->assertSame(array('special_category.no_exception'), self::rules($violations));
            $this->assertSame(array('diagnosis_c'), $violations[0]['fields'], 'the hint is placed at the mapped field');
            $this->assertStringStartsWith('Sphere blocked this action: The value is a special category of personal data (health) and must not be stored without explicit consent', $e->getMessage());
        }
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM contacts'));
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM contacts_cstm'));
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM email_addr_bean_rel'), 'the partial writes of the blocked new record are gone');
    }

    public function testWithExplicitConsentTheSamePersonsHealthValueIsSaved()
    {
        $withConsent = $this->contact('Einverstanden');
        $withConsent->save();
        $without = $this->contact('Ohne');
        $without->save();
        $this->healthConsent($withConsent->id);

        $edit = BeanFactory::getBean('Contacts', $withConsent->id);
        $edit->diagnosis_c = 'Diabetes Typ 2';
        $edit->save();
        $this->assertSame('allow', end($this->client->decisions)['outcome']);
        $this->assertSame('Diabetes Typ 2', $this->storedDiagnosis($withConsent->id));

        $edit = BeanFactory::getBean('Contacts', $without->id);
        $edit->diagnosis_c = 'Diabetes Typ 2';
        try {
            $edit->save();
            $this->fail('stored without consent');
        } catch (SphereBlockedException $e) {
            $this->assertSame(array('special_category.no_exception'), self::rules($e->getDecision()->violations()));
        }
        $this->assertSame('', (string) $this->storedDiagnosis($without->id), 'the stored record is unchanged');
    }

    public function testAStoredValueIsNotAskedAgainUntilItChanges()
    {
        $c = $this->contact('Einverstanden');
        $c->save();
        $consent = $this->healthConsent($c->id);
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->diagnosis_c = 'Asthma';
        $edit->save();
        $this->packPost('/v1/persons/Contacts/' . $c->id . '/consents/' . $consent['id'] . '/withdraw', array());

        // after the withdrawal, other fields can still be edited; a new health value is refused
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->last_name = 'Einverstanden-Muster';
        $edit->save();
        $this->assertSame('Einverstanden-Muster', $GLOBALS['db']->getOne("SELECT last_name FROM contacts WHERE id = '" . $c->id . "'"));
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->diagnosis_c = 'Asthma, Heuschnupfen';
        try {
            $edit->save();
            $this->fail('a changed health value was stored after the consent was withdrawn');
        } catch (SphereBlockedException $e) {
            $this->assertSame(array('special_category.no_exception'), self::rules($e->getDecision()->violations()));
        }
        $this->assertSame('Asthma', $this->storedDiagnosis($c->id));
    }

    public function testMassUpdateSkipsTheRecordAndListsIt()
    {
        $c = $this->contact('Muster');
        $c->save();
        $_REQUEST = array('module' => 'Contacts', 'action' => 'MassUpdate', 'massupdate' => 'true');
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->diagnosis_c = 'Diabetes Typ 2';
        $edit->save();
        $this->assertSame('', (string) $this->storedDiagnosis($c->id));
        $this->assertStringContainsString('Contacts &quot;Erika Muster&quot;: Sphere blocked this action: The value is a special category of personal data (health)', $_SESSION['user_error_message'][0]);
    }

    public function testAnImportRowWithAHealthValueGoesToTheErrorListAndTheRestIsImported()
    {
        $_REQUEST = array('module' => 'Import', 'action' => 'Step4', 'import_module' => 'Contacts', 'columncount' => 4,
            'colnum_0' => 'first_name', 'colnum_1' => 'last_name', 'colnum_2' => 'sphere_source_c', 'colnum_3' => 'diagnosis_c');
        $rows = array(array('Anna', 'Messe', 'trade_fair_card', ''), array('Bert', 'Patient', 'trade_fair_card', 'Diabetes Typ 2'));
        $source = new ImportFile($rows);
        (new SphereImporter($source, new Contact(), new ImportFile($rows)))->import();

        $this->assertSame(array('Messe'), array_column($this->rows('SELECT last_name FROM contacts'), 'last_name'));
        $this->assertCount(1, $source->errors);
        $this->assertStringStartsWith('Sphere blocked this action: The value is a special category of personal data (health)', $source->errors[0][0]);
        $this->assertSame(array('diagnosis_c', 'Diabetes Typ 2', 2), array_slice($source->errors[0], 1));
        $this->assertSame(array(2, 1, 0, 1, 0, 'csv'), $source->status, 'rows, errors, dupes, created, updated');
    }

    /**
     * An update import row names the record it updates (record_id): the connector decides it with the person's stored
     * consents, so the person who gave explicit consent gets the health value, the other is refused; the decision is in
     * the person's history. Without record_id both rows were refused.
     */
    public function testAnUpdateImportSetsAHealthValueOnlyForThePersonWhoConsented()
    {
        $withConsent = $this->contact('Einverstanden');
        $withConsent->save();
        $without = $this->contact('Ohne');
        $without->save();
        $this->healthConsent($withConsent->id);
        $this->client->events = array();
        $this->client->decisions = array();

        $_REQUEST = array('module' => 'Import', 'action' => 'Step4', 'import_module' => 'Contacts', 'import_type' => 'update', 'columncount' => 3,
            'colnum_0' => 'id', 'colnum_1' => 'sphere_source_c', 'colnum_2' => 'diagnosis_c');
        $rows = array(array($withConsent->id, 'data_subject', 'Diabetes Typ 2'), array($without->id, 'data_subject', 'Diabetes Typ 2'));
        $source = new ImportFile($rows);
        (new SphereImporter($source, new Contact(), new ImportFile($rows)))->import();

        $this->assertSame(array($withConsent->id, $without->id), array_column($this->client->events, 'record_id'));
        $this->assertSame('allow', $this->client->decisions[0]['outcome'], json_encode($this->client->decisions[0]));
        $this->assertSame('Diabetes Typ 2', $this->storedDiagnosis($withConsent->id));
        $this->assertSame('deny', $this->client->decisions[1]['outcome']);
        $this->assertSame(array('special_category.no_exception'), self::rules($this->client->decisions[1]['violations']));
        $this->assertSame('', (string) $this->storedDiagnosis($without->id), 'the stored record is unchanged');
        $this->assertCount(1, $source->errors);
        $this->assertStringStartsWith('Sphere blocked this action: The value is a special category of personal data (health)', $source->errors[0][0]);
        $this->assertSame(array('diagnosis_c', 'Diabetes Typ 2', 2), array_slice($source->errors[0], 1));
        $this->assertSame(array(2, 1, 0, 0, 1, 'csv'), $source->status, 'rows, errors, dupes, created, updated');

        // each person's decision history shows their import decision
        foreach (array(array($withConsent, 'allow'), array($without, 'deny')) as $case) {
            list($contact, $outcome) = $case;
            $history = $this->packGet('/v1/persons/Contacts/' . $contact->id . '/privacy')['recent_decisions'];
            $this->assertSame(array('record.import', $outcome), array($history[0]['event'], $history[0]['outcome']), $contact->last_name);
        }
    }

    // ---- B2B contacts ----

    /** Queues the contacts for an e-mail campaign with the purpose "newsletter" and lets EmailManDelivery send. */
    private function sendCampaign(array $contacts)
    {
        CampaignTest::campaign('camp-b2b', 'Fachinformation', 'newsletter');
        foreach ($contacts as $contact) {
            $GLOBALS['db']->query("INSERT INTO emailman (campaign_id, marketing_id, list_id, user_id, send_date_time, related_id, related_type) VALUES ('camp-b2b', 'mkt-b2b', 'list-1', '1', '2026-01-01 00:00:00', '" . $contact->id . "', 'Contacts')");
        }
        $this->client->events = array();
        $this->client->decisions = array();
        $mail = $this->deliverQueue();
        $byContact = array();
        foreach ($this->client->events as $i => $event) {
            $byContact[$event['record_id']] = array('event' => $event, 'decision' => $this->client->decisions[$i]);
        }
        return array($mail->sent, $byContact);
    }

    /** An employee of a customer company (linked to its account) and a private person, neither of whom consented. */
    private function businessAndConsumer()
    {
        $accountId = create_guid();
        $GLOBALS['db']->query("INSERT INTO accounts (id, name, deleted) VALUES ('" . $accountId . "', 'Muster GmbH', 0)");
        $employee = $this->contact('Angestellt', 'einkauf@muster-gmbh.example');
        $employee->account_id = $accountId;
        $employee->save();
        $private = $this->contact('Privat', 'erika@example.org');
        $private->save();
        return array($employee, $private);
    }

    public function testAnEMailCampaignIsDecidedAlikeForBusinessesAndConsumers()
    {
        list($employee, $private) = $this->businessAndConsumer();
        list($sent, $byContact) = $this->sendCampaign(array($employee, $private));

        $this->assertSame('business', $byContact[$employee->id]['event']['facts']['person_type']);
        $this->assertArrayNotHasKey('person_type', $byContact[$private->id]['event']['facts']);
        // UWG §7(2) Nr. 2: advertising e-mail needs prior express consent whoever receives it
        $this->assertSame(array(), $sent);
        foreach (array($employee, $private) as $contact) {
            $this->assertSame('deny', $byContact[$contact->id]['decision']['outcome']);
            $this->assertContains('email.no_consent', self::rules($byContact[$contact->id]['decision']['violations']));
        }
        $this->assertSame(self::rules($byContact[$employee->id]['decision']['violations']), self::rules($byContact[$private->id]['decision']['violations']));
        $this->assertSame(2, $this->rowCount("SELECT COUNT(*) FROM campaign_log WHERE activity_type = 'sphere_blocked'"));
    }

    public function testTheSameRecipientsInAnAdvertisingCallCampaignAreToldApart()
    {
        list($employee, $private) = $this->businessAndConsumer();
        list(, $byContact) = $this->sendCampaign(array($employee, $private));

        // The module has no phone path: the recipient events it built, as a Telesales run would declare its channel.
        $events = array();
        foreach (array($employee, $private) as $contact) {
            $event = $byContact[$contact->id]['event'];
            $event['campaign']['channel'] = 'phone';
            $event['campaign']['tracking'] = array('open_pixel' => false, 'per_recipient_links' => false);
            $event['request_id'] = SphereEventBuilder::requestId();
            $events[] = $event;
        }
        list($business, $consumer) = $this->client->decideBatch($events);

        // consumers: prior express consent (UWG §7(2) Nr. 1) — missing, so the call is denied
        $this->assertSame('deny', $consumer['outcome']);
        $this->assertContains('phone.no_express_consent', self::rules($consumer['violations']));
        // other market participants: presumed consent suffices — a warning to record what shows the interest
        $this->assertNotContains('phone.no_express_consent', self::rules($business['violations']));
        $this->assertContains('phone.presumed_consent', self::rules($business['warnings']));
        $this->assertNotContains('phone.presumed_consent', self::rules($consumer['warnings']));
    }
}
