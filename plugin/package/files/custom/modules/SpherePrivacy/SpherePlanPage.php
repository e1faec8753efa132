<?php
require_once __DIR__ . '/SphereHooks.php';
require_once __DIR__ . '/SpherePlan.php';

/**
 * index.php?entryPoint=SpherePlan&record=<campaign id>[&test=1][&page=N][&marketing=<e-mail marketing id>]: the
 * campaign's privacy pre-check as an HTML page in the user's language. Everything printed is escaped; recipients are
 * named only when the user may view them.
 */
class SpherePlanPage
{
    const PAGE_SIZE = 50;

    /** English texts for a SuiteCRM whose labels were not (yet) rebuilt; normally the label in the user's language. */
    private static $fallback = array(
        'LBL_SPHERE_PLAN_TITLE' => 'Privacy pre-check: {campaign}',
        'LBL_SPHERE_PLAN_INTRO' => 'Nothing is sent. Sphere decides every recipient as it would if the campaign were sent now.',
        'LBL_SPHERE_PLAN_MODE_LIVE' => 'Send: the campaign\'s target lists (without test and suppression lists), minus everyone on its suppression lists by ID.',
        'LBL_SPHERE_PLAN_MODE_TEST' => 'Test send: only the campaign\'s test lists.',
        'LBL_SPHERE_PLAN_SHOW_TEST' => 'Check the test send',
        'LBL_SPHERE_PLAN_SHOW_LIVE' => 'Check the send',
        'LBL_SPHERE_PLAN_QUEUED' => 'Queued by SuiteCRM from the lists',
        'LBL_SPHERE_PLAN_SUPPRESSED' => 'Skipped by SuiteCRM at send time',
        'LBL_SPHERE_PLAN_RECIPIENTS' => 'Checked by Sphere',
        'LBL_SPHERE_PLAN_ALLOW' => 'Allowed',
        'LBL_SPHERE_PLAN_WARN' => 'Allowed with a privacy note',
        'LBL_SPHERE_PLAN_DENY' => 'Blocked',
        'LBL_SPHERE_PLAN_APPROVAL' => 'Needs approval by the data protection officer',
        'LBL_SPHERE_PLAN_UNGUARDED' => 'Not checked by Sphere (module not guarded)',
        'LBL_SPHERE_PLAN_REASONS' => 'Reasons by rule',
        'LBL_SPHERE_PLAN_RULE' => 'Rule',
        'LBL_SPHERE_PLAN_COUNT' => 'Recipients',
        'LBL_SPHERE_PLAN_REASON' => 'Reason',
        'LBL_SPHERE_PLAN_REVISION' => 'Policy revision',
        'LBL_SPHERE_PLAN_EVALUATED' => 'Checked at (UTC)',
        'LBL_SPHERE_PLAN_SUPPRESSIONS_INTRO' => 'SuiteCRM itself does not mail these recipients when the campaign is sent, so Sphere is not asked about them here.',
        'LBL_SPHERE_PLAN_SUPPRESSED_NO_ADDRESS' => 'No primary e-mail address',
        'LBL_SPHERE_PLAN_SUPPRESSED_INVALID_ADDRESS' => 'Invalid address',
        'LBL_SPHERE_PLAN_SUPPRESSED_OPTED_OUT' => 'Opted out in SuiteCRM',
        'LBL_SPHERE_PLAN_SUPPRESSED_NOT_OPTED_IN' => 'No opt-in as SuiteCRM\'s opt-in setting requires',
        'LBL_SPHERE_PLAN_SUPPRESSED_EXEMPT_DOMAIN' => 'Domain on a suppression list by domain',
        'LBL_SPHERE_PLAN_SUPPRESSED_EXEMPT_ADDRESS' => 'Address on a suppression list by e-mail address',
        'LBL_SPHERE_PLAN_SUPPRESSED_ALREADY_SENT' => 'Already sent for this e-mail marketing',
        'LBL_SPHERE_PLAN_MARKETING' => 'Earlier sends are checked for the e-mail marketing "{marketing}".',
        'LBL_SPHERE_PLAN_NO_MARKETING' => 'The campaign has no e-mail marketing yet, so it has not been sent to anyone before.',
        'LBL_SPHERE_PLAN_OTHER_MARKETINGS' => 'Check for another e-mail marketing:',
        'LBL_SPHERE_PLAN_NOT_SENT' => 'Recipients Sphere would not let through ({from}–{to} of {total})',
        'LBL_SPHERE_PLAN_MODULE' => 'Module',
        'LBL_SPHERE_PLAN_NAME' => 'Name',
        'LBL_SPHERE_PLAN_OUTCOME' => 'Result',
        'LBL_SPHERE_PLAN_NO_VIEW' => 'a record you may not view',
        'LBL_SPHERE_PLAN_PREV' => 'Previous',
        'LBL_SPHERE_PLAN_NEXT' => 'Next',
        'LBL_SPHERE_PLAN_NONE' => 'The campaign has no recipients in these lists.',
        'LBL_SPHERE_PLAN_BACK' => 'Back to the campaign',
        'LBL_SPHERE_PLAN_NO_ACCESS' => 'You may not view this campaign, or it does not exist.',
        'LBL_SPHERE_PLAN_UNAVAILABLE' => 'The privacy check could not run, so the campaign has not been checked. Please try again later or tell your administrator.',
    );

    /** SphereSuppression reason => its label, in the order the send checks them. */
    const SUPPRESSION_LABELS = array(
        SphereSuppression::NO_ADDRESS => 'LBL_SPHERE_PLAN_SUPPRESSED_NO_ADDRESS',
        SphereSuppression::INVALID_ADDRESS => 'LBL_SPHERE_PLAN_SUPPRESSED_INVALID_ADDRESS',
        SphereSuppression::OPTED_OUT => 'LBL_SPHERE_PLAN_SUPPRESSED_OPTED_OUT',
        SphereSuppression::NOT_OPTED_IN => 'LBL_SPHERE_PLAN_SUPPRESSED_NOT_OPTED_IN',
        SphereSuppression::EXEMPT_DOMAIN => 'LBL_SPHERE_PLAN_SUPPRESSED_EXEMPT_DOMAIN',
        SphereSuppression::EXEMPT_ADDRESS => 'LBL_SPHERE_PLAN_SUPPRESSED_EXEMPT_ADDRESS',
        SphereSuppression::ALREADY_SENT => 'LBL_SPHERE_PLAN_SUPPRESSED_ALREADY_SENT',
    );

    /** @var SphereGuard */
    private $guard;
    /** @var float */
    private $timeout;

    public function __construct(?SphereGuard $guard = null, $timeoutSeconds = 60)
    {
        $this->guard = $guard ? $guard : SphereHooks::guard();
        $this->timeout = $timeoutSeconds;
    }

    /**
     * @param array $request record (campaign id), test ('1': the test send), page (1-based page of the list), marketing
     *                       (the e-mail marketing whose earlier sends count; by default the campaign's newest)
     * @return array [httpStatus, html]
     */
    public function handle(array $request)
    {
        $language = SphereEventBuilder::language();
        $campaignId = isset($request['record']) && is_string($request['record']) ? $request['record'] : '';
        $campaign = $campaignId !== '' ? BeanFactory::getBean('Campaigns', $campaignId) : false;
        // missing and forbidden answer alike, as the hint's entry point does
        if (!$campaign || empty($campaign->id) || !$campaign->ACLAccess('view')) {
            return array(403, $this->document(self::label('LBL_SPHERE_PLAN_NO_ACCESS'), '<p class="sphere-plan-error" id="sphere-plan-forbidden">'
                . self::h(self::label('LBL_SPHERE_PLAN_NO_ACCESS')) . '</p>', $language));
        }
        $test = isset($request['test']) && (string) $request['test'] === '1';
        $page = isset($request['page']) && is_scalar($request['page']) ? max(1, (int) $request['page']) : 1;
        $marketings = SphereCampaign::marketings($campaign->id);
        $marketingId = self::chosenMarketing($marketings, $request);
        $title = str_replace('{campaign}', self::decoded($campaign->name), self::label('LBL_SPHERE_PLAN_TITLE'));
        $head = '<h2 id="sphere-plan-title">' . self::h($title) . '</h2>'
            . '<p><a id="sphere-plan-back" href="' . self::h('index.php?' . http_build_query(array('module' => 'Campaigns', 'action' => 'DetailView', 'record' => $campaign->id))) . '">'
            . self::h(self::label('LBL_SPHERE_PLAN_BACK')) . '</a> | <a id="sphere-plan-switch" href="' . self::h(self::url($campaign->id, !$test, 1, $marketingId)) . '">'
            . self::h(self::label($test ? 'LBL_SPHERE_PLAN_SHOW_LIVE' : 'LBL_SPHERE_PLAN_SHOW_TEST')) . '</a></p>'
            . '<p id="sphere-plan-mode">' . self::h(self::label($test ? 'LBL_SPHERE_PLAN_MODE_TEST' : 'LBL_SPHERE_PLAN_MODE_LIVE')) . '</p>'
            . self::marketingLine($campaign->id, $marketings, $marketingId, $test)
            . '<p>' . self::h(self::label('LBL_SPHERE_PLAN_INTRO')) . '</p>';
        $planner = new SpherePlan($this->guard, $this->timeout);
        try {
            $plan = $planner->run($campaign->id, $test, $marketingId);
        } catch (SphereUnavailableException $e) {
            SphereGuard::log('error', 'Sphere: campaign ' . $campaign->id . ' could not be checked: ' . $e->getMessage());
            return array(503, $this->document($title, $head . '<p class="sphere-plan-error" id="sphere-plan-unavailable">'
                . self::h(self::label('LBL_SPHERE_PLAN_UNAVAILABLE')) . '</p>', $language));
        }

        $notSent = array();
        foreach ($plan['recipients'] as $r) {
            if ($r['outcome'] !== 'allow' && $r['outcome'] !== 'warn') {
                $notSent[] = $r;
            }
        }
        $pages = max(1, (int) ceil(count($notSent) / self::PAGE_SIZE));
        $page = min($page, $pages);
        $listed = array_slice($notSent, ($page - 1) * self::PAGE_SIZE, self::PAGE_SIZE);
        $viewable = array();
        $mayView = function ($module, $id) use (&$viewable) {
            $key = $module . '/' . $id;
            if (!isset($viewable[$key])) {
                $bean = BeanFactory::getBean($module, $id);
                $viewable[$key] = $bean && !empty($bean->id) && $bean->ACLAccess('view') ? $bean : false;
            }
            return $viewable[$key] !== false;
        };
        $texts = $planner->texts($plan, $listed, $language, $mayView);

        $s = $plan['summary'];
        $body = $head . '<table class="list view sphere-plan-summary" id="sphere-plan-summary"><tbody>'
            . self::countRow('LBL_SPHERE_PLAN_QUEUED', 'sphere-plan-queued', $plan['queued'])
            . self::countRow('LBL_SPHERE_PLAN_SUPPRESSED', 'sphere-plan-suppressed', array_sum($plan['suppressed']));
        foreach (array('recipients' => 'LBL_SPHERE_PLAN_RECIPIENTS', 'allow' => 'LBL_SPHERE_PLAN_ALLOW', 'warn' => 'LBL_SPHERE_PLAN_WARN',
            'deny' => 'LBL_SPHERE_PLAN_DENY', 'approval' => 'LBL_SPHERE_PLAN_APPROVAL') as $key => $label) {
            $body .= self::countRow($label, 'sphere-plan-' . $key, $s[$key]);
        }
        if ($plan['unguarded'] > 0) {
            $body .= self::countRow('LBL_SPHERE_PLAN_UNGUARDED', 'sphere-plan-unguarded', $plan['unguarded']);
        }
        $body .= '<tr><th scope="row">' . self::h(self::label('LBL_SPHERE_PLAN_REVISION')) . '</th><td id="sphere-plan-revision">' . self::h(implode(', ', $plan['revisions'])) . '</td></tr>';
        $body .= '<tr><th scope="row">' . self::h(self::label('LBL_SPHERE_PLAN_EVALUATED')) . '</th><td id="sphere-plan-evaluated">' . self::h((string) $plan['evaluated_at']) . '</td></tr>';
        $body .= '</tbody></table>';

        if ($plan['queued'] === 0) {
            $body .= '<p id="sphere-plan-none">' . self::h(self::label('LBL_SPHERE_PLAN_NONE')) . '</p>';
        }
        $body .= self::suppressionTable($plan['suppressed']);
        if (count($s['by_rule']) > 0) {
            $body .= '<h3>' . self::h(self::label('LBL_SPHERE_PLAN_REASONS')) . '</h3><table class="list view" id="sphere-plan-rules"><thead><tr><th>'
                . self::h(self::label('LBL_SPHERE_PLAN_RULE')) . '</th><th>' . self::h(self::label('LBL_SPHERE_PLAN_REASON')) . '</th><th>'
                . self::h(self::label('LBL_SPHERE_PLAN_COUNT')) . '</th></tr></thead><tbody>';
            foreach ($s['by_rule'] as $rule => $count) {
                $body .= '<tr data-rule="' . self::h($rule) . '"><td class="sphere-plan-rule">' . self::h($rule) . '</td><td class="sphere-plan-reason">'
                    . self::h(isset($texts['rules'][$rule]) ? $texts['rules'][$rule] : $rule) . '</td><td class="sphere-plan-count">' . (int) $count . '</td></tr>';
            }
            $body .= '</tbody></table>';
        }
        if (count($notSent) > 0) {
            $from = ($page - 1) * self::PAGE_SIZE + 1;
            $heading = strtr(self::label('LBL_SPHERE_PLAN_NOT_SENT'), array('{from}' => $from, '{to}' => $from + count($listed) - 1, '{total}' => count($notSent)));
            $body .= '<h3 id="sphere-plan-blocked-heading">' . self::h($heading) . '</h3><table class="list view" id="sphere-plan-blocked"><thead><tr><th>'
                . self::h(self::label('LBL_SPHERE_PLAN_MODULE')) . '</th><th>' . self::h(self::label('LBL_SPHERE_PLAN_NAME')) . '</th><th>'
                . self::h(self::label('LBL_SPHERE_PLAN_OUTCOME')) . '</th><th>' . self::h(self::label('LBL_SPHERE_PLAN_REASON')) . '</th></tr></thead><tbody>';
            foreach ($listed as $i => $r) {
                $shown = $mayView($r['module'], $r['id']);
                $reasons = isset($texts['reasons'][$i]) && count($texts['reasons'][$i]) > 0 ? $texts['reasons'][$i] : array();
                if (count($reasons) === 0) {
                    // a hidden record's row names its rules only: another person's finding text is not its reason
                    foreach ($r['rules'] as $rule) {
                        $reasons[] = $shown && isset($texts['rules'][$rule]) ? $texts['rules'][$rule] : $rule;
                    }
                }
                $body .= '<tr class="sphere-plan-recipient"><td class="sphere-plan-module">' . self::h(self::moduleName($r['module'])) . '</td><td class="sphere-plan-name">'
                    . ($shown ? self::recordLink($viewable[$r['module'] . '/' . $r['id']], $r['module'], $r['id']) : self::hiddenRecord()) . '</td><td class="sphere-plan-outcome">'
                    . self::h(self::label($r['outcome'] === 'approval' ? 'LBL_SPHERE_PLAN_APPROVAL' : 'LBL_SPHERE_PLAN_DENY')) . '</td><td class="sphere-plan-reason">'
                    . implode('<br>', array_map(array('SpherePlanPage', 'h'), $reasons)) . '</td></tr>';
            }
            $body .= '</tbody></table>';
            if ($pages > 1) {
                $body .= '<p class="sphere-plan-pages">';
                if ($page > 1) {
                    $body .= '<a id="sphere-plan-prev" href="' . self::h(self::url($campaign->id, $test, $page - 1, $marketingId)) . '">' . self::h(self::label('LBL_SPHERE_PLAN_PREV')) . '</a> ';
                }
                $body .= self::h($page . ' / ' . $pages);
                if ($page < $pages) {
                    $body .= ' <a id="sphere-plan-next" href="' . self::h(self::url($campaign->id, $test, $page + 1, $marketingId)) . '">' . self::h(self::label('LBL_SPHERE_PLAN_NEXT')) . '</a>';
                }
                $body .= '</p>';
            }
        }
        return array(200, $this->document($title, $body, $language));
    }

    /** The page's own address. */
    public static function url($campaignId, $test, $page, $marketingId = null)
    {
        $query = array('entryPoint' => 'SpherePlan', 'record' => $campaignId);
        if ($test) {
            $query['test'] = '1';
        }
        if ($page > 1) {
            $query['page'] = $page;
        }
        if ($marketingId !== null) {
            $query['marketing'] = $marketingId;
        }
        return 'index.php?' . http_build_query($query);
    }

    /** The requested e-mail marketing if it is one of the campaign's, else its newest; null when it has none. */
    private static function chosenMarketing(array $marketings, array $request)
    {
        if (isset($request['marketing']) && is_string($request['marketing']) && isset($marketings[$request['marketing']])) {
            return $request['marketing'];
        }
        return count($marketings) > 0 ? (string) key($marketings) : null;
    }

    /** Which marketing's earlier sends count, with links to check another one of the campaign. */
    private static function marketingLine($campaignId, array $marketings, $marketingId, $test)
    {
        if ($marketingId === null) {
            return '<p id="sphere-plan-marketing">' . self::h(self::label('LBL_SPHERE_PLAN_NO_MARKETING')) . '</p>';
        }
        $line = '<p id="sphere-plan-marketing">' . self::h(str_replace('{marketing}', self::decoded($marketings[$marketingId]), self::label('LBL_SPHERE_PLAN_MARKETING')));
        if (count($marketings) > 1) {
            $line .= ' ' . self::h(self::label('LBL_SPHERE_PLAN_OTHER_MARKETINGS'));
            foreach ($marketings as $id => $name) {
                if ((string) $id !== $marketingId) {
                    $line .= ' <a class="sphere-plan-marketing-link" href="' . self::h(self::url($campaignId, $test, 1, (string) $id)) . '">' . self::h(self::decoded($name)) . '</a>';
                }
            }
        }
        return $line . '</p>';
    }

    /** The recipients SuiteCRM skips at send time, by reason; nothing when there are none. */
    private static function suppressionTable(array $suppressed)
    {
        if (array_sum($suppressed) === 0) {
            return '';
        }
        $table = '<h3>' . self::h(self::label('LBL_SPHERE_PLAN_SUPPRESSED')) . '</h3><p>' . self::h(self::label('LBL_SPHERE_PLAN_SUPPRESSIONS_INTRO'))
            . '</p><table class="list view" id="sphere-plan-suppressions"><thead><tr><th>' . self::h(self::label('LBL_SPHERE_PLAN_REASON')) . '</th><th>'
            . self::h(self::label('LBL_SPHERE_PLAN_COUNT')) . '</th></tr></thead><tbody>';
        foreach (self::SUPPRESSION_LABELS as $reason => $label) {
            if ($suppressed[$reason] > 0) {
                $table .= '<tr data-reason="' . self::h($reason) . '"><td class="sphere-plan-reason">' . self::h(self::label($label))
                    . '</td><td class="sphere-plan-count" id="sphere-plan-suppressed-' . self::h($reason) . '">' . (int) $suppressed[$reason] . '</td></tr>';
            }
        }
        return $table . '</tbody></table>';
    }

    /** A row of the summary table. */
    private static function countRow($label, $id, $count)
    {
        return '<tr><th scope="row">' . self::h(self::label($label)) . '</th><td id="' . self::h($id) . '">' . (int) $count . '</td></tr>';
    }

    /** A neutral text instead of a record the user may not view. */
    private static function hiddenRecord()
    {
        return '<span class="sphere-plan-hidden">' . self::h(self::label('LBL_SPHERE_PLAN_NO_VIEW')) . '</span>';
    }

    /** The name of a recipient the user may view, linked to its detail view. */
    private static function recordLink($bean, $module, $id)
    {
        $name = isset($bean->name) && is_scalar($bean->name) && trim((string) $bean->name) !== '' ? (string) $bean->name
            : trim((isset($bean->first_name) ? (string) $bean->first_name : '') . ' ' . (isset($bean->last_name) ? (string) $bean->last_name : ''));
        if ($name === '') {
            $name = $id;
        }
        return '<a href="' . self::h('index.php?' . http_build_query(array('module' => $module, 'action' => 'DetailView', 'record' => $id))) . '">' . self::h(self::decoded($name)) . '</a>';
    }

    private function document($title, $body, $language)
    {
        return '<!DOCTYPE html><html lang="' . (SphereDecision::languageKey($language) === 'de' ? 'de' : 'en') . '"><head><meta charset="utf-8"><title>'
            . self::h($title) . '</title><style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin:.5em 0 1.5em}'
            . 'th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}.sphere-plan-error{color:#a00;font-weight:bold}</style></head>'
            . '<body class="sphere-plan">' . $body . '</body></html>';
    }

    /** A record's text as SuiteCRM reads it (HTML-encoded), back to plain text before it is escaped once. */
    private static function decoded($text)
    {
        return html_entity_decode((string) $text, ENT_QUOTES | ENT_HTML401, 'UTF-8');
    }

    public static function h($text)
    {
        return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8');
    }

    private static function moduleName($module)
    {
        return isset($GLOBALS['app_list_strings']['moduleList'][$module]) && is_string($GLOBALS['app_list_strings']['moduleList'][$module])
            ? $GLOBALS['app_list_strings']['moduleList'][$module] : $module;
    }

    private static function label($key)
    {
        return isset($GLOBALS['app_strings'][$key]) && is_string($GLOBALS['app_strings'][$key]) ? $GLOBALS['app_strings'][$key] : self::$fallback[$key];
    }
}
