<?php
require_once __DIR__ . '/SphereGuard.php';
require_once __DIR__ . '/SphereCampaign.php';
require_once __DIR__ . '/SphereSuppression.php';

/**
 * The pre-send check of a campaign: of everyone QueueCampaign would queue, those SuiteCRM would skip at send time are
 * counted by reason (SphereSuppression); the rest go into one mailing.plan (POST /v1/decisions), decided on the campaign
 * and recipient facts the send uses (SphereCampaign). Nothing is sent or queued.
 */
class SpherePlan
{
    /**
     * Recipients per plan request. The connector takes up to 200,000 recipients per plan (event.schema.json) but no
     * body over its maxBodyBytes (5 MB by default, connector/src/config): a recipient with a 36-character id is ~65
     * bytes, so 100,000 of them do not fit into one request. A campaign fits into one request up to PLAN_BYTES of
     * recipients (≈ 60,000); a larger one is planned in as few requests as the limits allow and the answers added up.
     */
    const PLAN_ITEMS = 200000;
    const PLAN_BYTES = 4000000;
    /** Recipients tried per rule for one the user may view, whose finding text stands for the rule. */
    const REPRESENTATIVE_TRIES = 20;

    /** @var SphereGuard */
    private $guard;
    /** @var float seconds a plan request may take */
    private $timeout;

    public function __construct(SphereGuard $guard, $timeoutSeconds = 60)
    {
        $this->guard = $guard;
        $this->timeout = (float) $timeoutSeconds;
    }

    /**
     * @param string|null $marketingId the e-mail marketing that would be sent (core's duplicate check is per marketing)
     * @return array campaign (facts), queued (count of everyone QueueCampaign would queue), suppressed (reason =>
     *               count, every SphereSuppression::REASONS in order), recipients (module, id, facts, outcome, rules),
     *               unguarded (count of recipients the send does not ask Sphere about), summary (recipients, allow,
     *               warn, deny, approval, by_rule), revisions (the policy revisions that decided), evaluated_at (null
     *               without recipients); queued = suppressed + unguarded + summary recipients
     * @throws SphereUnavailableException when the connector could not be asked or refused the plan
     */
    public function run($campaignId, $testmode, $marketingId = null)
    {
        $config = $this->guard->config();
        $campaign = SphereCampaign::facts($campaignId, $testmode);
        $queued = SphereCampaign::recipients($campaignId, $testmode, $config);
        $suppression = SphereSuppression::forCampaign($campaignId, $marketingId);
        $suppressed = array_fill_keys(SphereSuppression::REASONS, 0);
        $recipients = array();
        $unguarded = 0;
        foreach ($queued as $person) {
            // the send skips them whatever Sphere says, so they are not planned
            $reason = $suppression->reasonFor($person['address']);
            if ($reason !== null) {
                $suppressed[$reason]++;
            } elseif (!$config->isGuarded($person['module'])) {
                $unguarded++;
            } else {
                $recipients[] = self::planned($config, $person);
            }
        }
        $summary = array('recipients' => 0, 'allow' => 0, 'warn' => 0, 'deny' => 0, 'approval' => 0, 'by_rule' => array());
        $revisions = array();
        $evaluatedAt = null;
        $out = array();
        $actor = SphereEventBuilder::actor();
        foreach (self::chunks($recipients) as $chunk) {
            $plan = array(
                // the schema's module names a person module; a plan's recipients carry their own
                'event' => 'mailing.plan', 'module' => $chunk[0]['module'], 'campaign' => $campaign,
                'recipients' => array_map(function ($r) {
                    $recipient = array('module' => $r['module'], 'id' => $r['id'], 'email_addresses' => $r['email_addresses']);
                    return count($r['facts']) > 0 ? array_merge($recipient, array('facts' => $r['facts'])) : $recipient;
                }, $chunk),
                'actor' => $actor, 'channel' => 'campaign', 'dry_run' => true, 'request_id' => SphereEventBuilder::requestId(),
            );
            $plan = SphereEventBuilder::withoutSpecialCategoryValues($plan, $config);
            $answer = $this->guard->client()->plan($plan, $this->timeout);
            if (!isset($answer['summary'], $answer['recipients']) || !is_array($answer['recipients']) || count($answer['recipients']) !== count($chunk)) {
                throw new SphereUnavailableException('connector answered a plan without one decision per recipient');
            }
            foreach ($answer['recipients'] as $i => $decided) {
                $outcome = isset($decided['outcome']) ? (string) $decided['outcome'] : 'unchecked';
                $rules = isset($decided['rules']) && is_array($decided['rules']) ? array_values(array_map('strval', $decided['rules'])) : array();
                $out[] = array_merge($chunk[$i], array('outcome' => $outcome, 'rules' => $rules));
            }
            foreach (array('recipients', 'allow', 'warn', 'deny', 'approval') as $key) {
                $summary[$key] += isset($answer['summary'][$key]) ? (int) $answer['summary'][$key] : 0;
            }
            foreach (isset($answer['summary']['by_rule']) && is_array($answer['summary']['by_rule']) ? $answer['summary']['by_rule'] : array() as $rule => $count) {
                $summary['by_rule'][$rule] = (isset($summary['by_rule'][$rule]) ? $summary['by_rule'][$rule] : 0) + (int) $count;
            }
            if (isset($answer['revision']) && is_string($answer['revision']) && !in_array($answer['revision'], $revisions, true)) {
                $revisions[] = $answer['revision'];
            }
            if (isset($answer['evaluated_at']) && is_string($answer['evaluated_at'])) {
                $evaluatedAt = $answer['evaluated_at'];
            }
        }
        arsort($summary['by_rule']);
        return array('campaign' => $campaign, 'queued' => count($queued), 'suppressed' => $suppressed, 'recipients' => $out,
            'unguarded' => $unguarded, 'summary' => $summary, 'revisions' => $revisions, 'evaluated_at' => $evaluatedAt);
    }

    /**
     * A plan recipient: SphereEmailMan adds the facts per queue row from the recipient's record; the same here. The
     * address the send mails goes with it, so the connector decides on it as on the send's (an opt-out of it, or a sale
     * recorded for it) also when it cannot read SuiteCRM's addresses itself.
     */
    private static function planned(SphereConfig $config, array $person)
    {
        $facts = $config->businessContacts() ? SphereCampaign::recipientFacts($config, BeanFactory::getBean($person['module'], $person['id'])) : array();
        $a = $person['address'];
        $mailed = array('address' => $a['email_address'], 'primary' => true, 'opt_out' => $a['opt_out'] === 1, 'invalid' => $a['invalid_email'] === 1,
            'confirm_opt_in' => SphereEventBuilder::optInState(null, $a['confirm_opt_in']));
        return array('module' => $person['module'], 'id' => $person['id'], 'facts' => $facts, 'email_addresses' => array($mailed));
    }

    /**
     * The texts of the rules a plan names: the plan answers rule ids only, so each distinct rule is decided once more as
     * the mailing.send dry run the connector itself decided for one recipient that got it (connector/src/workflows/
     * mailing-plan.ts), together with the recipients whose reasons are listed; one POST /v1/decisions/batch.
     * A finding's text can carry its person's details (a consent's dates), so only recipients the user may view
     * ($mayView(module, id)) are asked: a rule without such a recipient, and a listed recipient the user may not view,
     * keep their rule ids.
     * @param array $plan run()'s answer
     * @param array[] $listed recipients of $plan whose own reasons are wanted
     * @param callable $mayView whether the user may view a recipient's record
     * @return array rules (rule => text) and reasons (index in $listed => list of texts); empty when the connector
     *               could not be asked (the page then shows the rule ids)
     */
    public function texts(array $plan, array $listed, $language, callable $mayView)
    {
        $representatives = array();
        $tried = array();
        foreach ($plan['recipients'] as $r) {
            foreach ($r['rules'] as $rule) {
                // a few records per rule at most: finding a viewable one must not load a whole campaign
                if (isset($representatives[$rule]) || (isset($tried[$rule]) && $tried[$rule] >= self::REPRESENTATIVE_TRIES)) {
                    continue;
                }
                $tried[$rule] = (isset($tried[$rule]) ? $tried[$rule] : 0) + 1;
                if ($mayView($r['module'], $r['id'])) {
                    $representatives[$rule] = $r;
                }
            }
        }
        $viewable = array();
        foreach ($listed as $key => $r) {
            if ($mayView($r['module'], $r['id'])) {
                $viewable[$key] = $r;
            }
        }
        $asked = array_merge(array_values($representatives), array_values($viewable));
        if (count($asked) === 0) {
            return array('rules' => array(), 'reasons' => array());
        }
        $actor = SphereEventBuilder::actor();
        $events = array();
        foreach ($asked as $r) {
            $events[] = array(
                'event' => 'mailing.send', 'module' => $r['module'], 'record_id' => $r['id'], 'record' => new stdClass(),
                'campaign' => $plan['campaign'], 'actor' => $actor, 'channel' => 'campaign', 'facts' => (object) $r['facts'],
                'email_addresses' => $r['email_addresses'], 'dry_run' => true, 'request_id' => SphereEventBuilder::requestId(),
            );
        }
        try {
            $decisions = $this->guard->client()->decideBatch($events);
        } catch (SphereUnavailableException $e) {
            SphereGuard::log('error', 'Sphere: rule texts of the campaign check could not be fetched: ' . $e->getMessage());
            return array('rules' => array(), 'reasons' => array());
        }
        $rules = array();
        $i = 0;
        foreach ($representatives as $rule => $r) {
            $decision = new SphereDecision(is_array($decisions[$i]) ? $decisions[$i] : array());
            foreach (array_merge($decision->violations(), $decision->warnings()) as $finding) {
                if (isset($finding['rule']) && $finding['rule'] === $rule) {
                    $rules[$rule] = SphereDecision::findingText($finding, $language);
                }
            }
            $i++;
        }
        $reasons = array();
        foreach (array_keys($viewable) as $key) {
            $decision = new SphereDecision(is_array($decisions[$i]) ? $decisions[$i] : array());
            $texts = array();
            foreach ($decision->violations() as $finding) {
                $texts[] = SphereDecision::findingText($finding, $language);
            }
            $reasons[$key] = $texts;
            $i++;
        }
        return array('rules' => $rules, 'reasons' => $reasons);
    }

    /** Consecutive runs of recipients within PLAN_ITEMS and PLAN_BYTES of JSON each. */
    public static function chunks(array $recipients)
    {
        return SphereClient::batches($recipients, self::PLAN_ITEMS, self::PLAN_BYTES);
    }
}
