<?php
require_once __DIR__ . '/SphereCampaign.php';

/**
 * SuiteCRM's own send-time suppressions of a campaign e-mail (reference §3.2): whom EmailMan::sendEmail() skips although
 * QueueCampaign queued them. The pre-check subtracts them as the send would, so its counts are who would be mailed.
 * The campaign's suppression lists and the marketing's log are read once (one query each); each recipient is then
 * decided in memory from the primary address SphereCampaign::recipients() joined to it.
 */
class SphereSuppression
{
    const NO_ADDRESS = 'no_address';
    const INVALID_ADDRESS = 'invalid_address';
    const OPTED_OUT = 'opted_out';
    const NOT_OPTED_IN = 'not_opted_in';
    const EXEMPT_DOMAIN = 'exempt_domain';
    const EXEMPT_ADDRESS = 'exempt_address';
    const ALREADY_SENT = 'already_sent';
    /** In the order sendEmail() checks them: a recipient counts under the first that applies, the one the send logs. */
    const REASONS = array(self::NO_ADDRESS, self::INVALID_ADDRESS, self::OPTED_OUT, self::NOT_OPTED_IN, self::EXEMPT_DOMAIN,
        self::EXEMPT_ADDRESS, self::ALREADY_SENT);

    /** EmailMan::valid_email_address(), anchored at the end only as there. */
    const ADDRESS_PATTERN = '/[A-Z0-9\._%-]+@[A-Z0-9\.-]+\.[A-Za-z]{2,}$/i';
    /**
     * SphereEmailMan::ACTIVITY_BLOCKED. Such a log row is no earlier send: the send releases it before core's duplicate
     * check (SphereEmailMan::releaseEarlierBlocks()). Not read from SphereEmailMan, which would load core's EmailMan.
     */
    const SPHERE_BLOCKED = 'sphere_blocked';

    /** @var string[] lower-case domains of the campaign's exempt_domain lists */
    private $exemptDomains;
    /** @var bool[] lower-case address => true, every address of every member of its exempt_address lists */
    private $exemptAddresses;
    /** @var bool[] lower-case address => true, logged for the marketing */
    private $sentAddresses;
    /** @var string $sugar_config['email_enable_confirm_opt_in'] */
    private $optInLevel;

    private function __construct(array $exemptDomains, array $exemptAddresses, array $sentAddresses, $optInLevel)
    {
        $this->exemptDomains = $exemptDomains;
        $this->exemptAddresses = $exemptAddresses;
        $this->sentAddresses = $sentAddresses;
        $this->optInLevel = $optInLevel;
    }

    /**
     * What EmailManDelivery prepares for a campaign's send (restricted_domains, restricted_addresses) and the marketing's
     * earlier sends. A test send is checked for them too: core's duplicate check has no exception for it (a test send
     * logs no address itself, but the marketing's real sends did). A campaign without a marketing was never sent.
     * @param string|null $marketingId the e-mail marketing that is sent
     */
    public static function forCampaign($campaignId, $marketingId)
    {
        $optInLevel = isset($GLOBALS['sugar_config']['email_enable_confirm_opt_in']) ? (string) $GLOBALS['sugar_config']['email_enable_confirm_opt_in'] : '';
        return new self(self::exemptDomains($campaignId), array_fill_keys(self::exemptAddresses($campaignId), true),
            $marketingId === null ? array() : array_fill_keys(self::sentAddresses($marketingId), true), $optInLevel);
    }

    /**
     * Why the send would skip a recipient with this primary address, or null when it would mail them.
     * @param array|null $address email_address, opt_out, invalid_email, confirm_opt_in of the primary address
     * @return string|null one of REASONS
     */
    public function reasonFor($address)
    {
        if ($address === null || trim($address['email_address']) === '') {
            return self::NO_ADDRESS;
        }
        if (!preg_match(self::ADDRESS_PATTERN, trim($address['email_address']))) {
            return self::INVALID_ADDRESS;
        }
        $flagged = $this->flagReason($address);
        return $flagged !== null ? $flagged : $this->listReason(strtolower($address['email_address']));
    }

    /** shouldBlockEmail() on the primary address (the bean's legacy flags email_opt_out/invalid_email are the same). */
    private function flagReason(array $address)
    {
        if ($address['opt_out'] === 1) {
            return self::OPTED_OUT;
        }
        if ($address['invalid_email'] === 1) {
            return self::INVALID_ADDRESS;
        }
        $optIn = $address['confirm_opt_in'];
        if (($this->optInLevel === 'opt-in' && $optIn !== 'opt-in' && $optIn !== 'confirmed-opt-in')
            || ($this->optInLevel === 'confirmed-opt-in' && $optIn !== 'confirmed-opt-in')) {
            return self::NOT_OPTED_IN;
        }
        return null;
    }

    /** The restricted domains and addresses, then the duplicate check, as sendEmail() compares them (lower case). */
    private function listReason($lower)
    {
        $at = strrpos($lower, '@');
        foreach ($this->exemptDomains as $domain) {
            // core's test: the domain's last occurrence lies behind the '@' (so a sub-domain, or any text ending there)
            $pos = strrpos($lower, $domain);
            if ($at !== false && $pos !== false && $pos > $at) {
                return self::EXEMPT_DOMAIN;
            }
        }
        if (isset($this->exemptAddresses[$lower])) {
            return self::EXEMPT_ADDRESS;
        }
        // core compares more_information = email1 in SQL, case-insensitive under MySQL's default collation
        return isset($this->sentAddresses[$lower]) ? self::ALREADY_SENT : null;
    }

    private static function exemptDomains($campaignId)
    {
        $domains = self::column(SphereCampaign::listsQuery('pl.domain_name', $campaignId, "pl.list_type = 'exempt_domain'"), 'domain_name');
        // a list without a domain: strrpos() with an empty needle finds nothing before PHP 8 and, since, the end of the
        // address, so the send skips everyone then; the pre-check runs on the PHP the send does
        return array_values(array_unique(array_filter($domains, function ($domain) {
            return $domain !== '' || PHP_VERSION_ID >= 80000;
        })));
    }

    /** As EmailManDelivery reads them: every linked address, deleted links and addresses too (core does not filter them). */
    private static function exemptAddresses($campaignId)
    {
        $addresses = self::column(SphereCampaign::listsQuery('ea.email_address', $campaignId, "pl.list_type = 'exempt_address'", SphereCampaign::MEMBERS_JOIN
            . ' INNER JOIN email_addr_bean_rel ear ON ear.bean_id = plp.related_id AND ear.bean_module = plp.related_type'
            . ' INNER JOIN email_addresses ea ON ea.id = ear.email_address_id'), 'email_address');
        return array_values(array_filter($addresses, function ($address) {
            return $address !== '';
        }));
    }

    /** Every address core's duplicate check finds for the marketing: its log rows of any activity, deleted ones too. */
    private static function sentAddresses($marketingId)
    {
        $db = $GLOBALS['db'];
        return self::column('SELECT DISTINCT more_information FROM campaign_log WHERE marketing_id = ' . $db->quoted($marketingId)
            . ' AND more_information IS NOT NULL AND (activity_type IS NULL OR activity_type <> ' . $db->quoted(self::SPHERE_BLOCKED) . ')', 'more_information');
    }

    /** One column of every row, lower case (core compares these lower case). */
    private static function column($sql, $column)
    {
        $db = $GLOBALS['db'];
        $result = $db->query($sql);
        $values = array();
        while ($result && ($row = $db->fetchByAssoc($result, false))) {
            $values[] = strtolower((string) $row[$column]);
        }
        return $values;
    }
}
