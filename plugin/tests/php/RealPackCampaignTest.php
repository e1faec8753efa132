<?php
/**
 * Campaign e-mail against a connector serving the real policy pack (policies/): the campaign's consent purpose
 * (sphere_purpose_c) is what the pack matches against the purposes people consented to, through the legal team's
 * mapping (guidelines.json consent_purposes_covering); a campaign without a purpose fails closed for them.
 */
class RealPackCampaignTest extends SphereTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        $this->useConnector(getenv('SPHERE_PACK_URL'), array('secret' => getenv('SPHERE_PACK_SECRET')));
    }

    /** A contact who gave a provable double opt-in for the newsletter with offers and for tracking, by e-mail. */
    private function consentingContact($email)
    {
        $contact = $this->contact('Good', $email);
        $contact->save();
        foreach (array('newsletter_and_offers', 'tracking') as $purpose) {
            $this->packPost('/v1/persons/Contacts/' . $contact->id . '/consents', array(
                'purpose' => $purpose, 'channel' => 'email', 'method' => 'double_opt_in', 'active_act' => true,
                'given_at' => '2026-01-10T09:00:00Z', 'proof_ref' => 'doi-' . $purpose . '-' . $contact->id,
            ));
        }
        return $contact;
    }

    private function send($campaignId, $contactId, RecordingClient $client)
    {
        $GLOBALS['db']->query("INSERT INTO emailman (campaign_id, marketing_id, list_id, user_id, send_date_time, related_id, related_type) VALUES ("
            . $GLOBALS['db']->quoted($campaignId) . ", 'mkt-" . $campaignId . "', 'list-1', '1', '2026-01-01 00:00:00', " . $GLOBALS['db']->quoted($contactId) . ", 'Contacts')");
        return $this->deliverQueue()->sent;
    }

    private static function ruleIds(array $decision)
    {
        return array_map(function ($v) { return $v['rule']; }, isset($decision['violations']) ? $decision['violations'] : array());
    }

    public function testAPurposeTheConsentCoversLetsTheMailThrough()
    {
        $contact = $this->consentingContact('reader@example.org');
        // "newsletter" is covered by a consent to "newsletter_and_offers" (consent_purposes_covering)
        CampaignTest::campaign('camp-news', 'Monthly news', 'newsletter');
        $client = $this->recordingGuard(self::packConnector());

        $this->assertSame(array('reader@example.org'), $this->send('camp-news', $contact->id, $client));
        $this->assertSame('newsletter', $client->events[0]['campaign']['purpose']);
        $this->assertNotContains('email.no_consent', self::ruleIds($client->decisions[0]));
        $this->assertSame(0, $this->rowCount("SELECT COUNT(*) FROM campaign_log WHERE activity_type = 'sphere_blocked'"));
    }

    public function testACampaignWithoutPurposeIsBlockedForConsentBasedRecipientsWhateverItsObjectiveSays()
    {
        $contact = $this->consentingContact('reader@example.org');
        // The objective names the consented purpose word for word; only the purpose field counts.
        CampaignTest::campaign('camp-none', 'newsletter_and_offers');
        $client = $this->recordingGuard(self::packConnector());

        $this->assertSame(array(), $this->send('camp-none', $contact->id, $client));
        $this->assertSame('', $client->events[0]['campaign']['purpose']);
        $this->assertSame('deny', $client->decisions[0]['outcome']);
        $this->assertContains('email.no_consent', self::ruleIds($client->decisions[0]));
        $this->assertSame(1, $this->rowCount("SELECT COUNT(*) FROM campaign_log WHERE activity_type = 'sphere_blocked' AND target_id = '" . $contact->id . "'"));
    }

    public function testAPurposeNoConsentCoversIsBlocked()
    {
        $contact = $this->consentingContact('reader@example.org');
        CampaignTest::campaign('camp-partner', 'Partner mailing', 'partner_offers');
        $client = $this->recordingGuard(self::packConnector());

        $this->assertSame(array(), $this->send('camp-partner', $contact->id, $client));
        $this->assertContains('email.no_consent', self::ruleIds($client->decisions[0]));
    }
}
