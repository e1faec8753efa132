<?php
require_once 'custom/modules/SpherePrivacy/SpherePlanPage.php';
require_once 'custom/modules/SpherePrivacy/SphereEmailMan.php';

/**
 * The campaign's privacy pre-check (entry point SpherePlan): who it asks about (QueueCampaign's choice, §3.1), with which
 * facts (the send's), who may see it, and what it shows when the connector cannot be asked. Against the marker
 * connector: "DENY" anywhere in the input → deny, "APPR" → approval, otherwise allow.
 */
class CampaignPlanTest extends SphereTestCase
{
    /**
     * A person row as SuiteCRM stores it (no hooks: the lists are what the test is about), with the primary address
     * <id>@example.org, so that SuiteCRM's send would mail them.
     */
    public static function person($module, $id, $lastName = 'Muster', array $columns = array())
    {
        $db = $GLOBALS['db'];
        $table = BeanFactory::newBean($module)->table_name;
        $columns = array_merge($module === 'Accounts' ? array('name' => $lastName) : array('first_name' => 'Erika', 'last_name' => $lastName), array('id' => $id, 'deleted' => 0), $columns);
        $db->query('INSERT INTO ' . $table . ' (' . implode(', ', array_keys($columns)) . ') VALUES (' . implode(', ', array_map(array($db, 'quoted'), array_values($columns))) . ')');
        self::address($module, $id, strtolower($id) . '@example.org');
    }

    /**
     * An e-mail address of a record as SugarEmailAddress stores it; $columns of email_addresses (opt_out, invalid_email,
     * confirm_opt_in) and $primary as on the link row.
     */
    public static function address($module, $id, $email, array $columns = array(), $primary = 1)
    {
        $db = $GLOBALS['db'];
        $addressId = create_guid();
        $columns = array_merge(array('id' => $addressId, 'email_address' => $email, 'email_address_caps' => strtoupper($email), 'opt_out' => 0,
            'invalid_email' => 0, 'confirm_opt_in' => 'not-opt-in', 'deleted' => 0), $columns);
        $db->query('INSERT INTO email_addresses (' . implode(', ', array_keys($columns)) . ') VALUES (' . implode(', ', array_map(function ($v) use ($db) {
            return $v === null ? 'NULL' : $db->quoted($v);
        }, array_values($columns))) . ')');
        $db->query('INSERT INTO email_addr_bean_rel (id, email_address_id, bean_id, bean_module, primary_address, reply_to_address, deleted) VALUES ('
            . $db->quoted(create_guid()) . ', ' . $db->quoted($addressId) . ', ' . $db->quoted($id) . ', ' . $db->quoted($module) . ', ' . (int) $primary . ', 0, 0)');
    }

    /** Changes the primary address of a record person() made. */
    public static function changeAddress($id, array $columns)
    {
        $db = $GLOBALS['db'];
        $sets = array();
        foreach ($columns as $name => $value) {
            $sets[] = $name . ' = ' . ($value === null ? 'NULL' : $db->quoted($value));
        }
        $db->query('UPDATE email_addresses SET ' . implode(', ', $sets) . ' WHERE id IN (SELECT email_address_id FROM email_addr_bean_rel WHERE bean_id = '
            . $db->quoted($id) . ' AND primary_address = 1)');
    }

    /**
     * A target list of the campaign with its members (module, id[, deleted link row]); $listDeleted / $linkDeleted: the
     * list itself or its link to the campaign is deleted.
     */
    public static function targetList($listId, $campaignId, $type, array $members, $listDeleted = 0, $linkDeleted = 0)
    {
        $db = $GLOBALS['db'];
        $db->query('INSERT INTO prospect_lists (id, name, list_type, deleted) VALUES (' . $db->quoted($listId) . ', ' . $db->quoted('List ' . $listId) . ', '
            . ($type === null ? 'NULL' : $db->quoted($type)) . ', ' . (int) $listDeleted . ')');
        $db->query('INSERT INTO prospect_list_campaigns (id, prospect_list_id, campaign_id, deleted) VALUES (' . $db->quoted(create_guid()) . ', '
            . $db->quoted($listId) . ', ' . $db->quoted($campaignId) . ', ' . (int) $linkDeleted . ')');
        foreach ($members as $m) {
            $db->query('INSERT INTO prospect_lists_prospects (id, prospect_list_id, related_id, related_type, deleted) VALUES (' . $db->quoted(create_guid()) . ', '
                . $db->quoted($listId) . ', ' . $db->quoted($m[1]) . ', ' . $db->quoted($m[0]) . ', ' . (isset($m[2]) ? (int) $m[2] : 0) . ')');
        }
    }

    public static function useLanguage($language)
    {
        $GLOBALS['current_language'] = $language;
        $app_strings = array();
        $app_list_strings = array();
        include __DIR__ . '/../../package/ext/language/application.' . $language . '.php';
        $GLOBALS['app_strings'] = $app_strings;
        $GLOBALS['app_list_strings'] = array('moduleList' => $language === 'de_DE'
            ? array('Contacts' => 'Kontakte', 'Leads' => 'Interessenten', 'Prospects' => 'Zielpersonen', 'Accounts' => 'Firmen')
            : array('Contacts' => 'Contacts', 'Leads' => 'Leads', 'Prospects' => 'Targets', 'Accounts' => 'Accounts'));
    }

    /** The text of the element with this id, or null. */
    public static function byId($html, $id)
    {
        $node = self::xpath($html)->query('//*[@id="' . $id . '"]')->item(0);
        return $node ? trim($node->textContent) : null;
    }

    public static function xpath($html)
    {
        $doc = new DOMDocument();
        $previous = libxml_use_internal_errors(true);
        $doc->loadHTML('<?xml encoding="utf-8"?>' . $html);
        libxml_clear_errors();
        libxml_use_internal_errors($previous);
        return new DOMXPath($doc);
    }

    /** Rows of the blocked list: [module, name, result, reason]. */
    public static function blockedRows($html)
    {
        $rows = array();
        foreach (self::xpath($html)->query('//table[@id="sphere-plan-blocked"]/tbody/tr') as $tr) {
            $cells = array();
            foreach ($tr->getElementsByTagName('td') as $td) {
                $cells[] = trim($td->textContent);
            }
            $rows[] = $cells;
        }
        return $rows;
    }

    private static function ids(array $recipients)
    {
        return array_map(function ($r) { return $r['module'] . ':' . $r['id']; }, $recipients);
    }

    /**
     * QueueCampaign (§3.1): lists of the campaign that are not test or exempt… lists; minus the members of its 'exempt'
     * lists; a test send only test lists. Deleted lists, links and members do not count, nor deleted records; each
     * (module, id) once. Users (not guarded) are counted, not asked about.
     */
    public function testTheRecipientsAreWhoQueueCampaignWouldQueue()
    {
        CampaignTest::campaign('camp-1', 'Spring', 'newsletter');
        foreach (array('c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8') as $id) {
            self::person('Contacts', $id);
        }
        self::person('Contacts', 'c9', 'Deleted', array('deleted' => 1));
        self::person('Leads', 'l1');
        self::person('Prospects', 'p1');
        self::address('Users', 'u1', 'u1@example.org');
        self::targetList('list-a', 'camp-1', 'default', array(array('Contacts', 'c1'), array('Contacts', 'c2'), array('Contacts', 'c9'), array('Contacts', 'c8', 1), array('Leads', 'l1'), array('Users', 'u1')));
        self::targetList('list-b', 'camp-1', 'seed', array(array('Contacts', 'c2'), array('Contacts', 'c3'), array('Prospects', 'p1')));
        self::targetList('list-t', 'camp-1', 'test', array(array('Contacts', 'c4'), array('Contacts', 'c3')));
        self::targetList('list-e', 'camp-1', 'exempt', array(array('Contacts', 'c3')));
        self::targetList('list-d', 'camp-1', 'exempt_domain', array(array('Contacts', 'c5')));
        $GLOBALS['db']->query("UPDATE prospect_lists SET domain_name = 'elsewhere.example' WHERE id = 'list-d'");
        self::targetList('list-x', 'camp-1', 'default', array(array('Contacts', 'c6')), 1);
        self::targetList('list-y', 'camp-1', 'default', array(array('Contacts', 'c7')), 0, 1);
        self::targetList('list-o', 'camp-other', 'default', array(array('Contacts', 'c1'), array('Contacts', 'c8')));
        // an exempt list of another campaign suppresses nothing here
        self::targetList('list-oe', 'camp-other', 'exempt', array(array('Contacts', 'c1')));
        $client = $this->recordingGuard();
        self::useLanguage('en_us');

        $config = SphereHooks::guard()->config();
        $this->assertSame(array('Contacts:c1', 'Contacts:c2', 'Leads:l1', 'Prospects:p1', 'Users:u1'), self::ids(SphereCampaign::recipients('camp-1', false, $config)));
        $this->assertSame(array('Contacts:c4'), self::ids(SphereCampaign::recipients('camp-1', true, $config)), 'test send: test lists only, still minus the suppression list');

        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-1'));
        $this->assertSame(200, $status, $html);
        $this->assertCount(1, $client->plans, 'one plan request for the whole campaign');
        $plan = $client->plans[0];
        $this->assertSame('mailing.plan', $plan['event']);
        $this->assertSame(array('Contacts:c1', 'Contacts:c2', 'Leads:l1', 'Prospects:p1'), self::ids($plan['recipients']));
        $this->assertFalse($plan['campaign']['test_send']);
        $this->assertSame('5', self::byId($html, 'sphere-plan-queued'));
        $this->assertSame('0', self::byId($html, 'sphere-plan-suppressed'));
        $this->assertSame('4', self::byId($html, 'sphere-plan-recipients'));
        $this->assertSame('4', self::byId($html, 'sphere-plan-allow'));
        $this->assertSame('0', self::byId($html, 'sphere-plan-deny'));
        $this->assertSame('1', self::byId($html, 'sphere-plan-unguarded'));
        $this->assertSame(getenv('SPHERE_REVISION'), self::byId($html, 'sphere-plan-revision'));

        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-1', 'test' => '1'));
        $this->assertSame(200, $status);
        $this->assertSame(array('Contacts:c4'), self::ids($client->plans[1]['recipients']));
        $this->assertTrue($client->plans[1]['campaign']['test_send']);
        $this->assertSame('1', self::byId($html, 'sphere-plan-recipients'));
        $this->assertSame('Test send: only the campaign\'s test lists.', self::byId($html, 'sphere-plan-mode'));
    }

    /** An e-mail marketing of the campaign as the wizard stores it. */
    public static function marketing($id, $campaignId, $name, $entered)
    {
        $db = $GLOBALS['db'];
        $db->query('INSERT INTO email_marketing (id, name, campaign_id, date_entered, date_modified, date_start, template_id, status, all_prospect_lists, deleted) VALUES ('
            . implode(', ', array_map(array($db, 'quoted'), array($id, $name, $campaignId, $entered, $entered, $entered, 'tpl-1', 'active'))) . ', 1, 0)');
    }

    /** A campaign_log row as EmailMan::set_as_sent() writes it. */
    public static function logged($marketingId, $address, $activity = 'targeted')
    {
        $db = $GLOBALS['db'];
        $db->query('INSERT INTO campaign_log (id, campaign_id, marketing_id, more_information, activity_type, activity_date, deleted) VALUES ('
            . implode(', ', array_map(array($db, 'quoted'), array(create_guid(), 'camp-s', $marketingId, $address, $activity, '2026-01-01 00:00:00'))) . ', 0)');
    }

    /** Counts of the suppression table: reason => [label, count]. */
    public static function suppressionRows($html)
    {
        $rows = array();
        foreach (self::xpath($html)->query('//table[@id="sphere-plan-suppressions"]/tbody/tr') as $tr) {
            $cells = $tr->getElementsByTagName('td');
            $rows[$tr->getAttribute('data-reason')] = array(trim($cells->item(0)->textContent), trim($cells->item(1)->textContent));
        }
        return $rows;
    }

    /** Everyone queued is counted once: skipped by SuiteCRM, not guarded, or decided by Sphere. */
    private function assertCountsAddUp($html)
    {
        $count = function ($id) use ($html) {
            return (int) self::byId($html, 'sphere-plan-' . $id);
        };
        $this->assertSame($count('queued'), $count('suppressed') + $count('unguarded') + $count('recipients'), 'queued = skipped + not guarded + checked');
        $this->assertSame($count('recipients'), $count('allow') + $count('warn') + $count('deny') + $count('approval'), 'checked = the outcomes');
        $this->assertSame($count('suppressed'), array_sum(array_map(function ($row) { return (int) $row[1]; }, self::suppressionRows($html))), 'skipped = its reasons');
    }

    /**
     * A campaign with one recipient for each of core's send-time suppressions (EmailMan::sendEmail(), §3.2): each is
     * counted under its reason, in both languages, and none of them is sent to the connector's plan.
     */
    private function campaignWithEverySuppression()
    {
        CampaignTest::campaign('camp-s', 'Suppressions', 'newsletter');
        self::marketing('mkt-old', 'camp-s', 'First mailing', '2026-01-01 00:00:00');
        self::marketing('mkt-new', 'camp-s', 'Reminder <2>', '2026-02-01 00:00:00');
        foreach (array('ok', 'noaddr', 'badformat', 'invalid', 'domain', 'exaddr', 'sent', 'sentold', 'sphereblocked', 'DENY-x', 'sup') as $id) {
            self::person('Contacts', $id);
        }
        self::person('Leads', 'nonprimary');
        self::person('Prospects', 'optout');
        self::address('Users', 'u1', 'u1@example.org');
        self::address('Users', 'u2', 'u2@example.org', array('opt_out' => 1));
        $db = $GLOBALS['db'];
        // no primary address: the link is deleted, or the only address is not the primary one
        $db->query("UPDATE email_addr_bean_rel SET deleted = 1 WHERE bean_id = 'noaddr'");
        $db->query("UPDATE email_addr_bean_rel SET primary_address = 0 WHERE bean_id = 'nonprimary'");
        self::changeAddress('badformat', array('email_address' => 'nobody-at-example.org'));
        self::changeAddress('invalid', array('invalid_email' => 1));
        self::changeAddress('optout', array('opt_out' => 1));
        self::changeAddress('domain', array('email_address' => 'domain@Mail.Blocked.example'));
        self::changeAddress('exaddr', array('email_address' => 'Listed@Example.org'));
        // every address of a member of a suppression list by e-mail address counts, not only its primary one
        self::address('Contacts', 'sup', 'listed@example.org', array(), 0);
        self::logged('mkt-new', 'sent@example.org');
        self::logged('mkt-old', 'sentold@example.org');
        // a Sphere block is released before core's duplicate check (SphereEmailMan::releaseEarlierBlocks())
        self::logged('mkt-new', 'sphereblocked@example.org', SphereEmailMan::ACTIVITY_BLOCKED);
        self::targetList('list-1', 'camp-s', 'default', array(array('Contacts', 'ok'), array('Contacts', 'noaddr'), array('Leads', 'nonprimary'),
            array('Contacts', 'badformat'), array('Contacts', 'invalid'), array('Prospects', 'optout'), array('Contacts', 'domain'), array('Contacts', 'exaddr'),
            array('Contacts', 'sent'), array('Contacts', 'sentold'), array('Contacts', 'sphereblocked'), array('Contacts', 'DENY-x'), array('Users', 'u1'), array('Users', 'u2')));
        self::targetList('list-t', 'camp-s', 'test', array(array('Contacts', 'ok'), array('Contacts', 'sent'), array('Prospects', 'optout'), array('Contacts', 'domain')));
        self::targetList('list-d', 'camp-s', 'exempt_domain', array());
        $db->query("UPDATE prospect_lists SET domain_name = 'blocked.example' WHERE id = 'list-d'");
        self::targetList('list-a', 'camp-s', 'exempt_address', array(array('Contacts', 'sup')));
        // suppression lists of another campaign, and deleted ones, suppress nothing here
        self::targetList('list-od', 'camp-other', 'exempt_domain', array());
        $db->query("UPDATE prospect_lists SET domain_name = 'example.org' WHERE id IN ('list-od')");
        self::targetList('list-xa', 'camp-s', 'exempt_address', array(array('Contacts', 'ok')), 1);
    }

    public function testSuiteCrmsSendTimeSuppressionsAreCountedByReasonAndNotPlanned()
    {
        $this->campaignWithEverySuppression();
        $client = $this->recordingGuard();
        self::useLanguage('en_us');

        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-s'));
        $this->assertSame(200, $status, $html);
        $this->assertSame(array('Contacts:DENY-x', 'Contacts:ok', 'Contacts:sentold', 'Contacts:sphereblocked'), self::ids($client->plans[0]['recipients']),
            'only recipients the send would mail are planned');
        $this->assertSame('14', self::byId($html, 'sphere-plan-queued'));
        $this->assertSame('9', self::byId($html, 'sphere-plan-suppressed'));
        $this->assertSame('1', self::byId($html, 'sphere-plan-unguarded'), 'u1; the opted-out user is skipped like anyone');
        $this->assertSame('4', self::byId($html, 'sphere-plan-recipients'));
        $this->assertSame('3', self::byId($html, 'sphere-plan-allow'));
        $this->assertSame('1', self::byId($html, 'sphere-plan-deny'));
        $this->assertSame(array(
            'no_address' => array('No primary e-mail address', '2'),
            'invalid_address' => array('Invalid address', '2'),
            'opted_out' => array('Opted out in SuiteCRM', '2'),
            'exempt_domain' => array('Domain on a suppression list by domain', '1'),
            'exempt_address' => array('Address on a suppression list by e-mail address', '1'),
            'already_sent' => array('Already sent for this e-mail marketing', '1'),
        ), self::suppressionRows($html));
        $this->assertCountsAddUp($html);
        $this->assertSame('Earlier sends are checked for the e-mail marketing "Reminder <2>". Check for another e-mail marketing: First mailing', self::byId($html, 'sphere-plan-marketing'));
        $this->assertStringContainsString('href="index.php?entryPoint=SpherePlan&amp;record=camp-s&amp;marketing=mkt-old"', $html);
        $this->assertSame('Recipients Sphere would not let through (1–1 of 1)', self::byId($html, 'sphere-plan-blocked-heading'), 'the list holds Sphere\'s blocks only');
        $this->assertStringNotContainsString('sent@example.org', $html, 'no address is shown');

        self::useLanguage('de_DE');
        list(, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-s'));
        $this->assertSame(array(
            'no_address' => array('Keine primäre E-Mail-Adresse', '2'),
            'invalid_address' => array('Ungültige Adresse', '2'),
            'opted_out' => array('In SuiteCRM abgemeldet (Opt-out)', '2'),
            'exempt_domain' => array('Domain auf einer Sperrliste nach Domain', '1'),
            'exempt_address' => array('Adresse auf einer Sperrliste nach E-Mail-Adresse', '1'),
            'already_sent' => array('Für dieses E-Mail-Marketing bereits versendet', '1'),
        ), self::suppressionRows($html));
        $this->assertSame('Frühere Sendungen werden für das E-Mail-Marketing „Reminder <2>“ geprüft. Für ein anderes E-Mail-Marketing prüfen: First mailing', self::byId($html, 'sphere-plan-marketing'));
    }

    /** Core's duplicate check is per e-mail marketing: the one chosen on the page, the newest by default. */
    public function testEarlierSendsCountForTheChosenEMailMarketingOnly()
    {
        $this->campaignWithEverySuppression();
        $client = $this->recordingGuard();
        self::useLanguage('en_us');

        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-s', 'marketing' => 'mkt-old'));
        $this->assertSame(200, $status);
        $this->assertSame(array('Contacts:DENY-x', 'Contacts:ok', 'Contacts:sent', 'Contacts:sphereblocked'), self::ids($client->plans[0]['recipients']));
        $this->assertSame('1', self::byId($html, 'sphere-plan-suppressed-already_sent'));
        $this->assertStringStartsWith('Earlier sends are checked for the e-mail marketing "First mailing".', self::byId($html, 'sphere-plan-marketing'));
        $this->assertStringContainsString('href="index.php?entryPoint=SpherePlan&amp;record=camp-s&amp;test=1&amp;marketing=mkt-old"', $html, 'the switch keeps the marketing');
        $this->assertCountsAddUp($html);

        // a marketing of another campaign is not one of this campaign's: the newest one counts
        list(, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-s', 'marketing' => 'mkt-elsewhere'));
        $this->assertSame(array('Contacts:DENY-x', 'Contacts:ok', 'Contacts:sentold', 'Contacts:sphereblocked'), self::ids($client->plans[1]['recipients']));

        // a campaign without a marketing has not been sent: nothing counts as sent before
        CampaignTest::campaign('camp-new', 'New', 'newsletter');
        self::targetList('list-n', 'camp-new', 'default', array(array('Contacts', 'sent')));
        list(, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-new'));
        $this->assertSame('The campaign has no e-mail marketing yet, so it has not been sent to anyone before.', self::byId($html, 'sphere-plan-marketing'));
        $this->assertSame('0', self::byId($html, 'sphere-plan-suppressed'));
        $this->assertNull(self::byId($html, 'sphere-plan-suppressions'), 'no table without suppressions');
        $this->assertSame('1', self::byId($html, 'sphere-plan-recipients'));
    }

    /**
     * A test send takes the test lists and is checked like the send, earlier sends of the marketing included: core's
     * duplicate check in EmailMan::sendEmail() has no exception for test mode.
     */
    public function testATestSendSkipsTheSameIncludingEarlierSends()
    {
        $this->campaignWithEverySuppression();
        $client = $this->recordingGuard();
        self::useLanguage('en_us');

        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-s', 'test' => '1'));
        $this->assertSame(200, $status);
        $this->assertSame(array('Contacts:ok'), self::ids($client->plans[0]['recipients']), 'only the test lists, without whom the send skips');
        $this->assertSame('4', self::byId($html, 'sphere-plan-queued'));
        $this->assertSame(array(
            'opted_out' => array('Opted out in SuiteCRM', '1'),
            'exempt_domain' => array('Domain on a suppression list by domain', '1'),
            'already_sent' => array('Already sent for this e-mail marketing', '1'),
        ), self::suppressionRows($html));
        $this->assertSame('Earlier sends are checked for the e-mail marketing "Reminder <2>". Check for another e-mail marketing: First mailing', self::byId($html, 'sphere-plan-marketing'));
        $this->assertCountsAddUp($html);

        // the other marketing's log: its links stay on the test send
        $link = self::xpath($html)->query('//a[@class="sphere-plan-marketing-link"]/@href')->item(0)->nodeValue;
        $this->assertStringContainsString('test=1', $link);
        $this->assertStringContainsString('marketing=mkt-old', $link);
        list(, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-s', 'test' => '1', 'marketing' => 'mkt-old'));
        $this->assertSame(array('Contacts:ok', 'Contacts:sent'), self::ids($client->plans[1]['recipients']));
    }

    /** SuiteCRM's confirmed opt-in setting (email_enable_confirm_opt_in) skips addresses without the opt-in it asks for. */
    public function testTheConfirmedOptInSettingSkipsAddressesWithoutThatOptIn()
    {
        CampaignTest::campaign('camp-s', 'Opt-in', 'newsletter');
        $members = array();
        foreach (array('confirmed' => 'confirmed-opt-in', 'optin' => 'opt-in', 'none' => 'not-opt-in', 'unset' => null) as $id => $optIn) {
            self::person('Contacts', $id);
            self::changeAddress($id, array('confirm_opt_in' => $optIn));
            $members[] = array('Contacts', $id);
        }
        self::targetList('list-1', 'camp-s', 'default', $members);
        $client = $this->recordingGuard();
        self::useLanguage('en_us');
        $saved = isset($GLOBALS['sugar_config']) ? $GLOBALS['sugar_config'] : null;
        try {
            foreach (array('' => 0, 'not-opt-in' => 0, 'opt-in' => 2, 'confirmed-opt-in' => 3) as $level => $skipped) {
                $GLOBALS['sugar_config'] = array('email_enable_confirm_opt_in' => $level);
                list(, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-s'));
                $this->assertSame((string) $skipped, self::byId($html, 'sphere-plan-suppressed'), $level);
                $this->assertSame((string) (4 - $skipped), self::byId($html, 'sphere-plan-recipients'), $level);
                $this->assertCountsAddUp($html);
            }
            $this->assertSame(array('not_opted_in' => array('No opt-in as SuiteCRM\'s opt-in setting requires', '3')), self::suppressionRows($html));
            $this->assertSame(array('Contacts:confirmed'), self::ids(end($client->plans)['recipients']));
        } finally {
            $GLOBALS['sugar_config'] = $saved;
        }
    }

    /**
     * A suppression list by domain without a domain: core's strrpos() test finds an empty needle behind the '@' since
     * PHP 8, so the send skips everyone then, and finds nothing before.
     */
    public function testASuppressionListByDomainWithoutADomainSkipsAsCoreDoesOnThisPhp()
    {
        CampaignTest::campaign('camp-s', 'Empty domain', 'newsletter');
        self::person('Contacts', 'c1');
        self::targetList('list-1', 'camp-s', 'default', array(array('Contacts', 'c1')));
        self::targetList('list-d', 'camp-s', 'exempt_domain', array());
        $this->recordingGuard();
        list(, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-s'));
        $this->assertSame(PHP_VERSION_ID >= 80000 ? '1' : '0', self::byId($html, 'sphere-plan-suppressed'));
        $this->assertCountsAddUp($html);
    }

    /** The log activity the pre-check does not count as an earlier send is the one the send writes for Sphere's blocks. */
    public function testTheSphereBlockActivityIsTheSends()
    {
        $this->assertSame(SphereEmailMan::ACTIVITY_BLOCKED, SphereSuppression::SPHERE_BLOCKED);
    }

    /** The plan is decided on the facts the send uses: the same campaign facts, and per recipient the same person facts. */
    public function testThePlanCarriesTheCampaignAndPersonFactsOfTheSend()
    {
        CampaignTest::campaign('camp-b2b', 'B2B mailing', 'marketing', array('sphere_own_similar_c' => '1', 'sphere_objection_notice_c' => '0'));
        self::person('Accounts', 'acc-1', 'ACME GmbH');
        self::person('Contacts', 'emp');
        $GLOBALS['db']->query("INSERT INTO accounts_contacts (id, contact_id, account_id, date_modified, deleted) VALUES ('ac-1', 'emp', 'acc-1', '2026-01-01 00:00:00', 0)");
        self::person('Contacts', 'priv');
        self::person('Leads', 'lead', 'Muster', array('account_name' => 'Muster AG'));
        self::targetList('list-1', 'camp-b2b', 'default', array(array('Contacts', 'emp'), array('Contacts', 'priv'), array('Leads', 'lead')));
        self::targetList('list-t', 'camp-b2b', 'test', array(array('Contacts', 'emp')));
        $client = $this->recordingGuard(array('business_contacts' => '1'));

        list($status) = (new SpherePlanPage())->handle(array('record' => 'camp-b2b'));
        $this->assertSame(200, $status);
        $plan = $client->plans[0];
        $planFacts = array();
        $planAddresses = array();
        foreach ($plan['recipients'] as $r) {
            $planFacts[$r['module'] . ':' . $r['id']] = isset($r['facts']) ? $r['facts'] : array();
            $planAddresses[$r['module'] . ':' . $r['id']] = $r['email_addresses'];
        }
        $this->assertSame(array('person_type' => 'business'), $planFacts['Contacts:emp']);

        // the send of the same recipients
        $client->events = array();
        foreach (array(array('Contacts', 'emp'), array('Contacts', 'priv'), array('Leads', 'lead')) as $p) {
            $GLOBALS['db']->query("INSERT INTO emailman (campaign_id, marketing_id, list_id, user_id, send_date_time, related_id, related_type) VALUES ('camp-b2b', 'mkt-1', 'list-1', '1', '2026-01-01 00:00:00', '" . $p[1] . "', '" . $p[0] . "')");
        }
        $this->deliverQueue();
        $this->assertCount(3, $client->events);
        foreach ($client->events as $event) {
            $this->assertSame($event['campaign'], $plan['campaign'], 'campaign facts built by the same code');
            $sendFacts = $event['facts'];
            unset($sendFacts['marketing_id'], $sendFacts['queue_id']);
            $this->assertSame($sendFacts, $planFacts[$event['module'] . ':' . $event['record_id']], $event['record_id']);
            // the address the send mails, as the send names it
            $primary = array_values(array_filter($event['email_addresses'], function ($a) { return $a['primary']; }));
            $this->assertSame($primary, $planAddresses[$event['module'] . ':' . $event['record_id']], $event['record_id']);
        }
        $this->assertTrue($plan['campaign']['own_similar_products']);
        $this->assertFalse($plan['campaign']['objection_notice_each_mail']);
        $this->assertSame('marketing', $plan['campaign']['purpose']);

        // and in a test send as a test send does
        (new SpherePlanPage())->handle(array('record' => 'camp-b2b', 'test' => '1'));
        $client->events = array();
        $GLOBALS['db']->query("INSERT INTO emailman (campaign_id, marketing_id, list_id, user_id, send_date_time, related_id, related_type) VALUES ('camp-b2b', 'mkt-1', 'list-t', '1', '2026-01-01 00:00:00', 'emp', 'Contacts')");
        $this->deliverQueue(true);
        $this->assertTrue($client->plans[1]['campaign']['test_send']);
        $this->assertSame($client->events[0]['campaign'], $client->plans[1]['campaign']);
        $this->assertSame(array(array('module' => 'Contacts', 'id' => 'emp', 'email_addresses' => $planAddresses['Contacts:emp'], 'facts' => array('person_type' => 'business'))),
            $client->plans[1]['recipients']);
        $this->assertSame('emp@example.org', $planAddresses['Contacts:emp'][0]['address']);
    }

    public function testOnlyAUserWhoMayViewTheCampaignGetsThePage()
    {
        $own = CampaignTest::campaign('camp-own', 'Own', 'newsletter', array('assigned_user_id' => '1'));
        $other = CampaignTest::campaign('camp-other', 'Other', 'newsletter', array('assigned_user_id' => '2'));
        self::person('Contacts', 'c1');
        self::targetList('list-1', 'camp-other', 'default', array(array('Contacts', 'c1')));
        ACLController::$levels['Campaigns']['view'] = ACL_ALLOW_OWNER;
        $client = $this->recordingGuard();

        self::useLanguage('en_us');
        foreach (array(array('record' => 'camp-other'), array('record' => 'no-such-campaign'), array(), array('record' => array('x'))) as $request) {
            list($status, $html) = (new SpherePlanPage())->handle($request);
            $this->assertSame(403, $status, json_encode($request));
            $this->assertSame('You may not view this campaign, or it does not exist.', self::byId($html, 'sphere-plan-forbidden'));
            $this->assertStringNotContainsString('Campaign camp-other', $html, 'not even the name');
        }
        self::useLanguage('de_DE');
        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-other'));
        $this->assertSame(403, $status);
        $this->assertSame('Sie dürfen diese Kampagne nicht ansehen, oder es gibt sie nicht.', self::byId($html, 'sphere-plan-forbidden'));
        $this->assertSame(array(), $client->plans, 'nothing was asked');

        list($status) = (new SpherePlanPage())->handle(array('record' => 'camp-own'));
        $this->assertSame(200, $status);
        ACLController::$levels['Campaigns']['view'] = ACL_ALLOW_ALL;
        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-other'));
        $this->assertSame(200, $status);
        $this->assertSame('1', self::byId($html, 'sphere-plan-recipients'));
        ACLController::$levels['Campaigns']['view'] = ACL_ALLOW_NONE;
        $GLOBALS['current_user']->is_admin = true;
        list($status) = (new SpherePlanPage())->handle(array('record' => 'camp-other'));
        $this->assertSame(200, $status, 'administrators may view every campaign');
    }

    public function testAConnectorThatCannotBeAskedShowsThatTheCampaignIsNotChecked()
    {
        CampaignTest::campaign('camp-1', 'Spring', 'newsletter');
        self::person('Contacts', 'c1');
        self::targetList('list-1', 'camp-1', 'default', array(array('Contacts', 'c1')));
        $log = new RecordingLog();
        $GLOBALS['log'] = $log;
        try {
            foreach (array('en_us' => 'The privacy check could not run, so the campaign has not been checked. Please try again later or tell your administrator.',
                'de_DE' => 'Die Datenschutzprüfung konnte nicht durchgeführt werden, die Kampagne ist also nicht geprüft. Bitte später erneut versuchen oder die Administration informieren.') as $language => $text) {
                self::useLanguage($language);
                $this->useConnector(getenv('SPHERE_DOWN_URL'));
                list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-1'));
                $this->assertSame(503, $status);
                $this->assertSame($text, self::byId($html, 'sphere-plan-unavailable'));
                $this->assertNull(self::byId($html, 'sphere-plan-summary'), 'no counts that were not checked');
            }
            // a connector that does not answer in time
            $this->useConnector(getenv('SPHERE_SLOW_URL'), array('timeout' => '1'));
            $start = microtime(true);
            list($status, $html) = (new SpherePlanPage(null, 1))->handle(array('record' => 'camp-1'));
            $this->assertSame(503, $status);
            $this->assertLessThan(10, microtime(true) - $start);
            $this->assertNotNull(self::byId($html, 'sphere-plan-unavailable'));
            // a connector that refuses the plan (wrong secret): the same
            $this->useConnector(getenv('SPHERE_URL'), array('secret' => 'wrong'));
            list($status) = (new SpherePlanPage())->handle(array('record' => 'camp-1'));
            $this->assertSame(503, $status);
        } finally {
            unset($GLOBALS['log']);
        }
        $this->assertNotEmpty($log->lines);
    }

    /**
     * The blocked list: every recipient who would not be mailed (blocked, or waiting for the DPO), 50 per page, the name
     * linked only for records the user may view, each reason from the connector in the user's language; everything escaped.
     */
    public function testTheBlockedListIsPagedNamesOnlyViewableRecordsAndEscapesEverything()
    {
        CampaignTest::campaign('camp-1', 'Spring', 'newsletter', array('name' => 'Spring <script>alert(1)</script>'));
        $members = array();
        for ($i = 0; $i < 60; $i++) {
            $id = sprintf('DENY-%02d', $i);
            self::person('Contacts', $id, 'Blocked ' . $i, array('assigned_user_id' => $i === 1 ? '2' : '1'));
            $members[] = array('Contacts', $id);
        }
        self::person('Contacts', 'DENY-xss', '<b>Bold & "Quoted"</b>', array('assigned_user_id' => '1'));
        self::person('Leads', 'APPR-1', 'Waiting');
        self::person('Contacts', 'ok-1', 'Fine');
        self::person('Contacts', 'ok-2', 'Fine');
        $members = array_merge($members, array(array('Contacts', 'DENY-xss'), array('Leads', 'APPR-1'), array('Contacts', 'ok-1'), array('Contacts', 'ok-2')));
        self::targetList('list-1', 'camp-1', 'default', $members);
        ACLController::$levels['Contacts']['view'] = ACL_ALLOW_OWNER;
        $this->recordingGuard();
        self::useLanguage('en_us');

        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-1'));
        $this->assertSame(200, $status);
        $this->assertSame('64', self::byId($html, 'sphere-plan-recipients'));
        $this->assertSame('2', self::byId($html, 'sphere-plan-allow'));
        $this->assertSame('61', self::byId($html, 'sphere-plan-deny'));
        $this->assertSame('1', self::byId($html, 'sphere-plan-approval'));
        $rules = self::xpath($html)->query('//table[@id="sphere-plan-rules"]/tbody/tr');
        $this->assertSame(1, $rules->length);
        $this->assertSame('test.marker_deny', $rules->item(0)->getAttribute('data-rule'));
        $this->assertSame(array('test.marker_deny', 'Rule test.marker_deny (GDPR Art. 6(1)) — Hint', '61'), array_map('trim', array_map(function ($n) { return $n->textContent; }, iterator_to_array($rules->item(0)->getElementsByTagName('td')))));
        $this->assertSame('Recipients Sphere would not let through (1–50 of 62)', self::byId($html, 'sphere-plan-blocked-heading'));
        $rows = self::blockedRows($html);
        $this->assertCount(50, $rows);
        $this->assertSame(array('Contacts', 'Erika Blocked 0', 'Blocked', 'Rule test.marker_deny (GDPR Art. 6(1)) — Hint'), $rows[0]);
        $this->assertSame(array('Contacts', 'a record you may not view', 'Blocked', 'test.marker_deny'), $rows[1], 'a hidden record\'s row names its rule only');
        $this->assertStringNotContainsString('Blocked 1<', $html, 'no name of a record the user may not view');
        $this->assertStringContainsString('href="index.php?module=Contacts&amp;action=DetailView&amp;record=DENY-00"', $html);
        $this->assertStringNotContainsString('<script>alert', $html);
        $this->assertStringContainsString('Spring &lt;script&gt;alert(1)&lt;/script&gt;', $html);
        $this->assertStringContainsString('href="index.php?entryPoint=SpherePlan&amp;record=camp-1&amp;page=2"', $html);

        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-1', 'page' => '2'));
        $this->assertSame(200, $status);
        $rows = self::blockedRows($html);
        $this->assertCount(12, $rows);
        $this->assertSame('Recipients Sphere would not let through (51–62 of 62)', self::byId($html, 'sphere-plan-blocked-heading'));
        $this->assertSame(array('Contacts', 'Erika <b>Bold & "Quoted"</b>', 'Blocked', 'Rule test.marker_deny (GDPR Art. 6(1)) — Hint'), $rows[10]);
        $this->assertStringContainsString('Erika &lt;b&gt;Bold &amp; &quot;Quoted&quot;&lt;/b&gt;', $html, 'escaped once, not twice');
        $this->assertSame(array('Leads', 'Erika Waiting', 'Needs approval by the data protection officer', 'DPO approval needed'), $rows[11]);
        $this->assertNull(self::byId($html, 'sphere-plan-next'));
        $this->assertNotNull(self::byId($html, 'sphere-plan-prev'));

        self::useLanguage('de_DE');
        list(, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-1', 'page' => '2'));
        $rows = self::blockedRows($html);
        $this->assertSame(array('Kontakte', 'Erika Blocked 50', 'Gesperrt', 'Regel test.marker_deny (GDPR Art. 6(1)) — Hinweis'), $rows[0]);
        $this->assertSame(array('Interessenten', 'Erika Waiting', 'Freigabe durch den Datenschutzbeauftragten nötig', 'DSB-Freigabe nötig'), $rows[11]);
    }

    /** A finding's text may carry its person's details: only a recipient the user may view lends a rule its text. */
    public function testRuleTextsComeOnlyFromRecordsTheUserMayView()
    {
        CampaignTest::campaign('camp-1', 'Spring', 'newsletter');
        self::person('Contacts', 'DENY-a', 'Hidden A', array('assigned_user_id' => '2'));
        self::person('Contacts', 'DENY-b', 'Hidden B', array('assigned_user_id' => '2'));
        self::targetList('list-1', 'camp-1', 'default', array(array('Contacts', 'DENY-a'), array('Contacts', 'DENY-b')));
        ACLController::$levels['Contacts']['view'] = ACL_ALLOW_OWNER;
        $client = $this->recordingGuard();
        self::useLanguage('en_us');

        list($status, $html) = (new SpherePlanPage())->handle(array('record' => 'camp-1'));
        $this->assertSame(200, $status);
        $this->assertSame('2', self::byId($html, 'sphere-plan-deny'));
        $rules = self::xpath($html)->query('//table[@id="sphere-plan-rules"]/tbody/tr/td[@class="sphere-plan-reason"]');
        $this->assertSame('test.marker_deny', trim($rules->item(0)->textContent));
        foreach (self::blockedRows($html) as $row) {
            $this->assertSame(array('Contacts', 'a record you may not view', 'Blocked', 'test.marker_deny'), $row);
        }
        $this->assertStringNotContainsString('Rule test.marker_deny', $html, 'no finding text of a hidden record');
        $this->assertSame(array(), $client->events, 'no hidden record was asked for its texts');
    }

    /** One campaign, many recipients: the plan goes in as few requests as the connector's limits allow, counts added up. */
    public function testLargeCampaignsArePlannedWithinTheConnectorsLimits()
    {
        $recipients = array();
        for ($i = 0; $i < 70000; $i++) {
            $recipients[] = array('module' => 'Contacts', 'id' => sprintf('%08x-0000-4000-8000-%012x', $i, $i), 'facts' => array());
        }
        $chunks = SpherePlan::chunks($recipients);
        $this->assertCount(2, $chunks, '70,000 recipients with 36-character ids are more than 4 MB');
        $this->assertSame(70000, count($chunks[0]) + count($chunks[1]));
        foreach ($chunks as $chunk) {
            $this->assertLessThanOrEqual(SpherePlan::PLAN_BYTES, strlen(json_encode($chunk)));
        }
        $this->assertCount(1, SpherePlan::chunks(array_slice($recipients, 0, 50000)), '50,000 go in one request');
    }

    /** The link on the campaign's DetailView, for e-mail campaigns, in the user's language, escaped. */
    public function testTheCampaignDetailViewLinksToThePreCheck()
    {
        $hooks = new SphereHooks();
        $view = function ($type, $module, $id, $campaignType = 'Email') {
            $GLOBALS['current_view'] = (object) array('type' => $type, 'module' => $module, 'bean' => (object) array('id' => $id, 'campaign_type' => $campaignType));
        };
        try {
            self::useLanguage('de_DE');
            $view('detail', 'Campaigns', 'camp-"1"');
            ob_start();
            $hooks->injectPlanLink('after_ui_frame', null);
            $out = ob_get_clean();
            $this->assertSame('Datenschutz-Vorabprüfung (Sphere)', self::byId($out, 'sphere-plan-open'));
            $this->assertSame('Datenschutz-Vorabprüfung des Testversands (Sphere)', self::byId($out, 'sphere-plan-open-test'));
            $this->assertStringContainsString('href="index.php?entryPoint=SpherePlan&amp;record=camp-%221%22"', $out);
            $this->assertStringContainsString('href="index.php?entryPoint=SpherePlan&amp;record=camp-%221%22&amp;test=1"', $out);
            self::useLanguage('en_us');
            $view('detail', 'Campaigns', 'camp-1', 'NewsLetter');
            ob_start();
            $hooks->injectPlanLink('after_ui_frame', null);
            $this->assertSame('Privacy pre-check (Sphere)', self::byId(ob_get_clean(), 'sphere-plan-open'));
            foreach (array(array('edit', 'Campaigns', 'camp-1', 'Email'), array('detail', 'Contacts', 'c-1', ''), array('detail', 'Campaigns', 'camp-1', 'Telesales'), array('detail', 'Campaigns', '', 'Email')) as $args) {
                $view(...$args);
                ob_start();
                $hooks->injectPlanLink('after_ui_frame', null);
                $this->assertSame('', ob_get_clean(), json_encode($args));
            }
        } finally {
            unset($GLOBALS['current_view']);
        }
    }
}
