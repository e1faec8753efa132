<?php
/** EmailMan subclass through $customBeanList, driven like EmailManDelivery: one instance, fields set per queue row. */
class CampaignTest extends SphereTestCase
{
    private function queue($contactId)
    {
        $GLOBALS['db']->query("INSERT INTO emailman (campaign_id, marketing_id, list_id, user_id, send_date_time, related_id, related_type) VALUES ('camp-1', 'mkt-1', 'list-1', '1', '2026-01-01 00:00:00', '" . $contactId . "', 'Contacts')");
    }

    private function run_delivery($testmode = false)
    {
        $mail = new SugarPHPMailer();
        $emailman = BeanFactory::newBean('EmailMan');
        foreach ($this->rows('SELECT * FROM emailman WHERE deleted = 0 ORDER BY send_date_time, user_id, list_id, id') as $row) {
            foreach ($row as $name => $value) {
                $emailman->$name = $value;
            }
            $this->assertTrue($emailman->sendEmail($mail, 1, $testmode));
        }
        return $mail->sent;
    }

    public function testBlockedRecipientIsLoggedAndSkippedAllowedOneIsSent()
    {
        $GLOBALS['db']->query("INSERT INTO campaigns (id, name, objective) VALUES ('camp-1', 'Newsletter', 'newsletter')");
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
