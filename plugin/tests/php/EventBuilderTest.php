<?php
/** The event sent for a save: changed fields from fetched_row, e-mail addresses being saved, actor, channel (§1.6). */
class EventBuilderTest extends SphereTestCase
{
    public function channels()
    {
        return array(
            'classic save' => array(array('module' => 'Contacts', 'action' => 'Save'), '/index.php', false, 'ui'),
            'inline edit' => array(array('module' => 'Home', 'action' => 'saveHTMLField'), '/index.php', false, 'inline_edit'),
            'mass update' => array(array('module' => 'Contacts', 'action' => 'MassUpdate', 'massupdate' => 'true'), '/index.php', false, 'mass_update'),
            'V8 API' => array(array(), '/Api/V8/module', false, 'api'),
            'lead conversion' => array(array('module' => 'Leads', 'action' => 'ConvertLead'), '/index.php', false, 'lead_conversion'),
            'web-to-person' => array(array('entryPoint' => 'WebToPersonCapture'), '/index.php', false, 'web_to_person'),
            'import' => array(array('module' => 'Import', 'action' => 'Step4'), '/index.php', true, 'import'),
            'cron' => array(array(), '', false, 'scheduler'),
        );
    }

    /** @dataProvider channels */
    public function testChannelIsDetectedFromTheRequest(array $request, $uri, $inImport, $expected)
    {
        $_REQUEST = $request;
        $_SERVER['REQUEST_URI'] = $uri;
        $bean = new Contact();
        $bean->in_import = $inImport;
        $this->assertSame($expected, SphereEventBuilder::channel($bean));
    }

    public function testUpdateEventCarriesOnlyChangedFieldsAddressesAndActor()
    {
        $c = $this->contact('Muster', 'erika@example.org');
        $c->save();
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->last_name = 'Mustermann';
        $edit->emailAddress->addAddress('erika@example.org', true, false, false, true);
        $GLOBALS['current_language'] = 'de_DE';
        $event = json_decode(json_encode(SphereEventBuilder::forSave($edit, 'ui')), true);
        $this->assertSame('record.save', $event['event']);
        $this->assertSame($c->id, $event['record_id']);
        $this->assertSame(array('last_name' => array('before' => 'Muster', 'after' => 'Mustermann')), $event['changes']);
        $this->assertSame(array(array('address' => 'erika@example.org', 'primary' => true, 'opt_out' => true, 'invalid' => false, 'confirm_opt_in' => 'not-opt-in')), $event['email_addresses']);
        $this->assertSame(array('user_id' => '1', 'user_name' => 'jdoe', 'roles' => array(), 'is_admin' => false, 'language' => 'de_DE', 'department' => 'Sales'), $event['actor']);
    }

    public function testChangedPrimaryAddressIsReportedAgainstTheStoredOne()
    {
        $c = $this->contact('Muster', 'old@example.org');
        $c->save();
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->email1 = 'new@example.org';
        $this->assertSame(array('email1' => array('before' => 'old@example.org', 'after' => 'new@example.org')), SphereEventBuilder::changes($edit));
    }

    public function testNewRecordHasNoRecordIdAndEmptyMapsStayJsonObjects()
    {
        $c = new Contact();
        $c->id = create_guid();
        $event = SphereEventBuilder::forSave($c, 'api');
        $this->assertArrayNotHasKey('record_id', $event, 'the id SuiteCRM pre-assigns to new records is not an existing record');
        $this->assertStringContainsString('"record":{}', json_encode($event));
        $this->assertStringContainsString('"changes":{}', json_encode($event));
    }

    /** The stand-in reads the account as Contact::fill_in_additional_detail_fields() does: the newest link (ORDER BY a_c.date_modified DESC). */
    public function testAContactLinkedToTwoAccountsGetsTheNewestLink()
    {
        $c = $this->contact('Muster');
        $c->save();
        $db = $GLOBALS['db'];
        foreach (array('acc-old' => '2024-01-01 00:00:00', 'acc-new' => '2025-06-01 00:00:00') as $account => $modified) {
            $db->query("INSERT INTO accounts (id, name, deleted) VALUES ('" . $account . "', 'Firma " . $account . "', 0)");
            $db->query("INSERT INTO accounts_contacts (id, contact_id, account_id, date_modified, deleted) VALUES ('" . create_guid() . "', '" . $c->id . "', '" . $account . "', '" . $modified . "', 0)");
        }
        $this->assertSame('acc-new', BeanFactory::getBean('Contacts', $c->id)->account_id);
    }
}
