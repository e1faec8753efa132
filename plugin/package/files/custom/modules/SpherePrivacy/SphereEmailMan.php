<?php
require_once 'modules/EmailMan/EmailMan.php';
require_once __DIR__ . '/SphereHooks.php';
require_once __DIR__ . '/SphereCampaign.php';

/**
 * EmailMan registered through $customBeanList (§3.3). EmailManDelivery reuses one instance for the whole run, so
 * decisions are prefetched in batches for the next queue rows and cached here.
 */
class SphereEmailMan extends EmailMan
{
    const ACTIVITY_BLOCKED = 'sphere_blocked';
    const PREFETCH = 200;

    /** @var SphereDecision[] emailman queue id => decision */
    private $sphereDecisions = array();

    public function sendEmail(SugarPHPMailer $mail, $save_emails = 1, $testmode = false)
    {
        $guard = SphereHooks::guard();
        if (!$guard->config()->isGuarded($this->related_type)) {
            return parent::sendEmail($mail, $save_emails, $testmode);
        }
        if (!isset($this->sphereDecisions[$this->id])) {
            $this->prefetch($guard, $testmode);
        }
        $decision = $this->sphereDecisions[$this->id];
        unset($this->sphereDecisions[$this->id]);
        $target = BeanFactory::getBean($this->related_type, $this->related_id);
        $address = $target && !empty($target->email1) ? (string) $target->email1 : '';
        if ($decision->isBlocked()) {
            // parent::sendEmail() sets this first thing; set_as_sent() reads it to keep test sends out of the duplicate check.
            $this->test = $testmode;
            $this->set_as_sent($address, true, null, null, self::ACTIVITY_BLOCKED);
            return true;
        }
        $this->releaseEarlierBlocks($address);
        return parent::sendEmail($mail, $save_emails, $testmode);
    }

    /**
     * §3.3 duplicate trap: core skips an address as duplicate when any campaign_log row of this marketing carries it
     * in more_information. Earlier Sphere blocks must not make a now-allowed send impossible, so they give up the
     * address (the row, its target and the connector's log keep the history).
     */
    private function releaseEarlierBlocks($address)
    {
        if ($address === '') {
            return;
        }
        $db = $GLOBALS['db'];
        $db->query('UPDATE campaign_log SET more_information = NULL WHERE activity_type = ' . $db->quoted(self::ACTIVITY_BLOCKED)
            . ' AND marketing_id = ' . $db->quoted($this->marketing_id) . ' AND more_information = ' . $db->quoted($address));
    }

    private function prefetch(SphereGuard $guard, $testmode)
    {
        $db = $GLOBALS['db'];
        $rows = array($this->queueRow());
        $result = $db->query('SELECT id, campaign_id, marketing_id, related_id, related_type FROM emailman WHERE deleted = 0 AND campaign_id = '
            . $db->quoted($this->campaign_id) . ' AND id <> ' . (int) $this->id . ' ORDER BY send_date_time, user_id, list_id, id');
        while ($result && count($rows) < self::PREFETCH && ($row = $db->fetchByAssoc($result, false))) {
            $rows[] = $row;
        }
        $campaign = SphereCampaign::facts($this->campaign_id, $testmode);
        $events = array();
        foreach ($rows as $row) {
            $target = BeanFactory::getBean($row['related_type'], $row['related_id']);
            $events[] = array(
                'event' => 'mailing.send', 'module' => (string) $row['related_type'], 'record_id' => (string) $row['related_id'],
                'record' => (object) ($target ? SphereEventBuilder::record($target) : array()),
                'email_addresses' => $target ? SphereEventBuilder::emailAddresses($target) : array(), 'actor' => SphereEventBuilder::actor(), 'channel' => 'campaign', 'campaign' => $campaign,
                'recipients' => array(array('module' => (string) $row['related_type'], 'id' => (string) $row['related_id'])),
                'facts' => array_merge(array('marketing_id' => (string) $row['marketing_id'], 'queue_id' => (string) $row['id']), SphereCampaign::recipientFacts($guard->config(), $target)),
                'dry_run' => false, 'request_id' => SphereEventBuilder::requestId(),
            );
        }
        foreach ($guard->decideBatch($events) as $i => $decision) {
            $this->sphereDecisions[$rows[$i]['id']] = $decision;
        }
    }

    private function queueRow()
    {
        return array('id' => $this->id, 'campaign_id' => $this->campaign_id, 'marketing_id' => $this->marketing_id, 'related_id' => $this->related_id, 'related_type' => $this->related_type);
    }
}
