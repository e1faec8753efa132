<?php
require_once 'custom/modules/SpherePrivacy/SpherePlanPage.php';

/**
 * The campaign pre-check end to end against a connector serving the real policy pack (policies/): a campaign with one
 * recipient who consented to its purpose and one who did not shows one allowed and one blocked, with the pack's reason.
 */
class RealPackPlanTest extends SphereTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        $this->useConnector(getenv('SPHERE_PACK_URL'), array('secret' => getenv('SPHERE_PACK_SECRET'), 'timeout' => '10'));
    }

    private function consent($contactId)
    {
        foreach (array('newsletter_and_offers', 'tracking') as $purpose) {
            $this->packPost('/v1/persons/Contacts/' . $contactId . '/consents', array(
                'purpose' => $purpose, 'channel' => 'email', 'method' => 'double_opt_in', 'active_act' => true,
                'given_at' => '2026-01-10T09:00:00Z', 'proof_ref' => 'doi-' . $purpose . '-' . $contactId,
            ));
        }
    }

    public function testOneConsentingAndOneNonConsentingRecipient()
    {
        $good = 'plan-good-' . bin2hex(random_bytes(4));
        $none = 'plan-none-' . bin2hex(random_bytes(4));
        CampaignPlanTest::person('Contacts', $good, 'Einverstanden');
        CampaignPlanTest::person('Contacts', $none, 'Ohne');
        $this->consent($good);
        CampaignTest::campaign('camp-plan', 'Monthly news', 'newsletter');
        CampaignPlanTest::targetList('list-1', 'camp-plan', 'default', array(array('Contacts', $good), array('Contacts', $none)));
        $revision = $this->packGet('/v1/policies');

        $texts = array();
        foreach (array('en_us', 'de_DE') as $language) {
            CampaignPlanTest::useLanguage($language);
            list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-plan'));
            $this->assertSame(200, $status, $html);
            $this->assertSame('2', CampaignPlanTest::byId($html, 'sphere-plan-recipients'));
            $this->assertSame(1, (int) CampaignPlanTest::byId($html, 'sphere-plan-allow') + (int) CampaignPlanTest::byId($html, 'sphere-plan-warn'), 'the consenting recipient gets the e-mail');
            $this->assertSame('1', CampaignPlanTest::byId($html, 'sphere-plan-deny'));
            $this->assertSame('0', CampaignPlanTest::byId($html, 'sphere-plan-approval'));
            $this->assertStringContainsString((string) CampaignPlanTest::byId($html, 'sphere-plan-revision'), json_encode($revision));
            $this->assertNotSame('', CampaignPlanTest::byId($html, 'sphere-plan-revision'));
            $rows = CampaignPlanTest::blockedRows($html);
            $this->assertCount(1, $rows);
            $this->assertSame('Erika Ohne', $rows[0][1]);
            $rule = CampaignPlanTest::xpath($html)->query('//table[@id="sphere-plan-rules"]/tbody/tr[@data-rule="email.no_consent"]/td[@class="sphere-plan-reason"]')->item(0);
            $this->assertNotNull($rule, $html);
            $reason = trim($rule->textContent);
            $this->assertNotSame('email.no_consent', $reason, 'the rule\'s message, not its id');
            $this->assertStringContainsString($reason, $rows[0][3], 'the blocked recipient shows the reason');
            $texts[$language] = $reason;
        }
        $this->assertNotSame($texts['en_us'], $texts['de_DE'], 'the reason in the user\'s language');
    }
}
