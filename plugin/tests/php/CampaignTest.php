<?php
/** EmailMan subclass through $customBeanList, driven like EmailManDelivery: one instance, fields set per queue row. */
class CampaignTest extends SphereTestCase
{
    private function queue($contactId, $campaignId = 'camp-1')
    {
        $GLOBALS['db']->query("INSERT INTO emailman (campaign_id, marketing_id, list_id, user_id, send_date_time, related_id, related_type) VALUES ('" . $campaignId . "', 'mkt-1', 'list-1', '1', '2026-01-01 00:00:00', '" . $contactId . "', 'Contacts')");
    }

    /**
     * A campaign saved through its bean, so the purpose lands where SuiteCRM keeps the custom field (campaigns_cstm).
     * Without $purpose (and $fields) the campaign has no campaigns_cstm row, like one created before the package was
     * installed. $fields: other custom fields, e.g. the UWG §7(3) checkboxes ('1' ticked, '0' not).
     */
    public static function campaign($id, $objective, $purpose = null, array $fields = array())
    {
        $campaign = BeanFactory::newBean('Campaigns');
        $campaign->id = $id;
        $campaign->new_with_id = true;
        $campaign->name = 'Campaign ' . $id;
        $campaign->objective = $objective;
        if ($purpose !== null) {
            $campaign->sphere_purpose_c = $purpose;
        }
        foreach ($fields as $name => $value) {
            $campaign->$name = $value;
        }
        $campaign->save();
        return $campaign;
    }

    private function run_delivery($testmode = false)
    {
        return $this->deliverQueue($testmode)->sent;
    }

    public function testBlockedRecipientIsLoggedAndSkippedAllowedOneIsSent()
    {
        self::campaign('camp-1', 'Monthly newsletter', 'newsletter');
        $allowed = $this->contact('Good', 'good@example.org');
        $allowed->save();
        $blocked = $this->contact('Good', 'blocked@example.org');
        $blocked->save();
        $GLOBALS['db']->query("UPDATE contacts SET last_name = 'DENY' WHERE id = '" . $blocked->id . "'");
        $this->queue($allowed->id);
        $this->queue($blocked->id);

        $config = new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET')));
        $client = new CountingClient($config);
        SphereHooks::$guard = new SphereGuard($config, $client);
        $this->assertInstanceOf('SphereEmailMan', BeanFactory::newBean('EmailMan'));
        $this->assertSame(array('good@example.org'), $this->run_delivery());
        $this->assertSame(1, $client->batches, 'the run is prefetched in one batch');
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM emailman'));
        $log = $this->rows("SELECT target_id, activity_type, more_information FROM campaign_log WHERE activity_type = 'sphere_blocked'");
        $this->assertSame(array(array('target_id' => $blocked->id, 'activity_type' => 'sphere_blocked', 'more_information' => 'blocked@example.org')), $log);

        // §3.3 duplicate trap: once allowed, the same marketing must still reach the address.
        $GLOBALS['db']->query("UPDATE contacts SET last_name = 'Good' WHERE id = '" . $blocked->id . "'");
        $this->queue($blocked->id);
        $this->assertSame(array('blocked@example.org'), $this->run_delivery());
        $this->assertSame(1, $this->rowCount("SELECT COUNT(*) FROM campaign_log WHERE activity_type = 'targeted' AND target_id = '" . $blocked->id . "'"));
    }

    public function testThePurposeSentIsTheCampaignsPurposeFieldNotItsObjective()
    {
        self::campaign('camp-1', 'Spring mailing: 10 % off for newsletter readers', 'marketing_personalised_offers');
        $this->assertSame('marketing_personalised_offers', $GLOBALS['db']->getOne("SELECT sphere_purpose_c FROM campaigns_cstm WHERE id_c = 'camp-1'"));
        foreach (array('first@example.org', 'second@example.org') as $address) {
            $c = $this->contact('Good', $address);
            $c->save();
            $this->queue($c->id);
        }
        $client = $this->recordingGuard();

        $this->assertSame(array('first@example.org', 'second@example.org'), $this->run_delivery(), 'the connector took the events as they are');
        $this->assertCount(2, $client->events);
        foreach ($client->events as $event) {
            $this->assertSame('marketing_personalised_offers', $event['campaign']['purpose']);
            $this->assertSame('camp-1', $event['campaign']['id']);
            $this->assertArrayNotHasKey('objective', $event['campaign'], 'event.schema.json has no field for the free-text objective');
        }
    }

    public function testACampaignWithoutPurposeSendsAnEmptyPurposeAndNeverItsObjective()
    {
        // Objectives written exactly as a consent purpose: the old mapping would have sent them as the purpose.
        self::campaign('camp-1', 'newsletter');             // no campaigns_cstm row (created before the install)
        self::campaign('camp-2', 'newsletter_and_offers', ''); // purpose emptied in the dropdown
        $this->assertSame(0, $this->rowCount("SELECT COUNT(*) FROM campaigns_cstm WHERE id_c = 'camp-1'"));
        $this->assertSame(1, $this->rowCount("SELECT COUNT(*) FROM campaigns_cstm WHERE id_c = 'camp-2' AND sphere_purpose_c = ''"));
        foreach (array('camp-1' => 'one@example.org', 'camp-2' => 'two@example.org') as $campaignId => $address) {
            $c = $this->contact('Good', $address);
            $c->save();
            $this->queue($c->id, $campaignId);
        }
        $client = $this->recordingGuard();

        $this->run_delivery();
        $purposes = array();
        foreach ($client->events as $event) {
            $purposes[$event['campaign']['id']] = $event['campaign']['purpose'];
        }
        $this->assertSame(array('camp-1' => '', 'camp-2' => ''), $purposes);
    }

    public function testTheUwgDeclarationCheckboxesAreInstalledOnCampaignsUncheckedWithTranslatedHelp()
    {
        // the vardefs SuiteCRM builds from the manifest's custom_fields and the package's sugarfield_<name>.php (bootstrap.php)
        $fields = $GLOBALS['dictionary']['Campaign']['fields'];
        foreach (array('sphere_own_similar_c' => 'LBL_SPHERE_OWN_SIMILAR', 'sphere_objection_notice_c' => 'LBL_SPHERE_OBJECTION_NOTICE') as $name => $label) {
            $this->assertArrayHasKey($name, $fields);
            $this->assertSame('custom_fields', $fields[$name]['source'], $name . ' is kept in campaigns_cstm');
            $this->assertSame('bool', $fields[$name]['type'], $name . ' is a checkbox');
            $this->assertSame('0', $fields[$name]['default'], $name . ' is unchecked by default');
            $this->assertSame($label, $fields[$name]['vname']);
            $this->assertSame($label . '_HELP', $fields[$name]['popupHelp'], $name . ': translated help');
            $this->assertTrue($fields[$name]['massupdate'], $name . ' can be set from the campaign list view');
        }
    }

    /** UWG §7(3) Nr. 2 and Nr. 4: what the campaign declares with its two checkboxes, per campaign, as real booleans. */
    public function testTheUwgDeclarationsAreSentTrueOnlyWhenTheirCheckboxIsTicked()
    {
        $campaigns = array(
            // id => [purpose, fields, own_similar_products, objection_notice_each_mail]
            'camp-both' => array('newsletter', array('sphere_own_similar_c' => '1', 'sphere_objection_notice_c' => '1'), true, true),
            'camp-own' => array('newsletter', array('sphere_own_similar_c' => '1', 'sphere_objection_notice_c' => '0'), true, false),
            'camp-notice' => array('newsletter', array('sphere_own_similar_c' => '0', 'sphere_objection_notice_c' => '1'), false, true),
            'camp-none' => array('newsletter', array('sphere_own_similar_c' => '0', 'sphere_objection_notice_c' => '0'), false, false),
            // a campaigns_cstm row without the checkboxes (NULL columns): SuiteCRM reads them as ''
            'camp-purpose-only' => array('newsletter', array(), false, false),
            // no campaigns_cstm row at all: a campaign from before the install
            'camp-old' => array(null, array(), false, false),
            // a value no checkbox should hold counts as not ticked, never as ticked
            'camp-odd' => array('newsletter', array('sphere_own_similar_c' => 'no', 'sphere_objection_notice_c' => '2'), false, false),
        );
        foreach ($campaigns as $id => $campaign) {
            self::campaign($id, 'Customer mailing', $campaign[0], $campaign[1]);
            $c = $this->contact('Good', $id . '@example.org');
            $c->save();
            $this->queue($c->id, $id);
        }
        $this->assertSame(array('1', '1'), array_values($this->rows("SELECT sphere_own_similar_c, sphere_objection_notice_c FROM campaigns_cstm WHERE id_c = 'camp-both'")[0]), 'kept in campaigns_cstm');
        $this->assertSame(0, $this->rowCount("SELECT COUNT(*) FROM campaigns_cstm WHERE id_c = 'camp-old'"));
        $client = $this->recordingGuard();

        $this->run_delivery();
        $sent = array();
        foreach ($client->events as $event) {
            $this->assertArrayHasKey('own_similar_products', $event['campaign'], $event['campaign']['id']);
            $this->assertArrayHasKey('objection_notice_each_mail', $event['campaign'], $event['campaign']['id']);
            $sent[$event['campaign']['id']] = array($event['campaign']['own_similar_products'], $event['campaign']['objection_notice_each_mail']);
        }
        $expected = array();
        foreach ($campaigns as $id => $campaign) {
            $expected[$id] = array($campaign[2], $campaign[3]);
        }
        ksort($sent);
        ksort($expected);
        // assertSame: true/false, not '1'/'0' (the connector reads booleans)
        $this->assertSame($expected, $sent);
        foreach ($client->events as $event) {
            $this->assertSame('email', $event['campaign']['channel'], 'the other campaign facts stay as they were');
            $this->assertSame('advertising', $event['campaign']['content_type']);
            $this->assertSame('own', $event['campaign']['sender']);
            $this->assertSame($event['campaign']['id'] === 'camp-old' ? '' : 'newsletter', $event['campaign']['purpose']);
        }
    }

    public function testUntickingADeclarationIsSentOnTheNextRun()
    {
        $campaign = self::campaign('camp-1', 'Customer mailing', 'marketing', array('sphere_own_similar_c' => '1', 'sphere_objection_notice_c' => '1'));
        $c = $this->contact('Good', 'customer@example.org');
        $c->save();
        $this->queue($c->id);
        $client = $this->recordingGuard();
        $this->run_delivery();
        $this->assertSame(true, $client->events[0]['campaign']['own_similar_products']);
        $this->assertSame(true, $client->events[0]['campaign']['objection_notice_each_mail']);

        // unticked in the EditView / inline edit: SuiteCRM saves the checkbox as '0'
        $campaign = BeanFactory::getBean('Campaigns', 'camp-1');
        $campaign->sphere_objection_notice_c = '0';
        $campaign->save();
        $this->queue($c->id);
        $client = $this->recordingGuard();
        $this->run_delivery();
        $this->assertSame(true, $client->events[0]['campaign']['own_similar_products']);
        $this->assertSame(false, $client->events[0]['campaign']['objection_notice_each_mail']);
    }

    public function testTestSendsAreCheckedToo()
    {
        $blocked = $this->contact('Good', 'test-target@example.org');
        $blocked->save();
        $GLOBALS['db']->query("UPDATE contacts SET last_name = 'DENY' WHERE id = '" . $blocked->id . "'");
        $this->queue($blocked->id);
        $this->assertSame(array(), $this->run_delivery(true));
        $this->assertSame(1, $this->rowCount("SELECT COUNT(*) FROM campaign_log WHERE activity_type = 'sphere_blocked' AND more_information IS NULL"));
    }

    public function testConnectorDownFailsClosedForMail()
    {
        $c = $this->contact('Good', 'down@example.org');
        $c->save();
        $this->queue($c->id);
        $this->useConnector(getenv('SPHERE_DOWN_URL'));
        $this->assertSame(array(), $this->run_delivery());
        $this->assertSame(1, $this->rowCount("SELECT COUNT(*) FROM campaign_log WHERE activity_type = 'sphere_blocked'"));
    }
}
