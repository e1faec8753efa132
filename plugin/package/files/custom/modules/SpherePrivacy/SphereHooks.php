<?php
require_once __DIR__ . '/SphereGuard.php';
require_once __DIR__ . '/SphereEventBuilder.php';
require_once __DIR__ . '/SphereBlockedException.php';
require_once __DIR__ . '/SpherePartialWrites.php';

/** Logic hooks registered through hookdefs (see ../../../ext/hooks_*.php in the package). */
class SphereHooks
{
    /** @var SphereGuard|null tests inject a guard bound to their connector */
    public static $guard = null;

    /** after_retrieve: remember the rows a later blocked save has to restore (§1.4). */
    public function captureRows($bean, $event, $arguments)
    {
        if (self::guard()->config()->isGuarded($bean->module_dir)) {
            SpherePartialWrites::capture($bean);
        }
    }

    /** before_save: decide; block by exception, or by reverting the fields on mass update (soft block). */
    public function beforeSave($bean, $event, $arguments)
    {
        $guard = self::guard();
        if (!$guard->config()->isGuarded($bean->module_dir) || !empty($bean->in_import) || !empty($bean->sphere_checked)) {
            // Import rows are decided in batches by SphereImporter before they reach save().
            return;
        }
        $channel = SphereEventBuilder::channel($bean);
        $isNew = SphereEventBuilder::isNew($bean);
        $decision = $guard->decide(SphereEventBuilder::forSave($bean, $channel, $guard->config()));
        $language = SphereEventBuilder::language();
        if (!$decision->isBlocked()) {
            $this->reportWarnings($decision, $bean, $channel, $language);
            SpherePartialWrites::forget($bean);
            return;
        }
        SpherePartialWrites::revert($bean, $isNew);
        if ($channel === 'mass_update' && !$isNew) {
            foreach ($bean->fetched_row as $field => $value) {
                $bean->$field = $value;
            }
            $bean->sphere_checked = true;
            self::appendMessage('appendErrorMessage', self::recordLabel($bean) . ': ' . $decision->blockText($language));
            return;
        }
        throw new SphereBlockedException($decision, $bean->module_dir, $bean->id, $isNew, $language);
    }

    /**
     * handle_exception (application): turn Sphere's exception into an escaped message and a redirect back.
     * Called as ($bean, $event, $e) or ($event, $e) depending on the controller (§1.3), hence the variadic.
     */
    public function onException(...$arguments)
    {
        $e = end($arguments);
        if (!$e instanceof SphereBlockedException || SphereEventBuilder::channel(null) === 'api') {
            return;
        }
        $message = htmlspecialchars($e->getMessage(), ENT_QUOTES, 'UTF-8');
        if (isset($_REQUEST['action']) && $_REQUEST['action'] === 'saveHTMLField') {
            // The inline-edit JS writes the response body into the cell.
            echo '<span class="error sphere-blocked">' . $message . '</span>';
            return;
        }
        SugarApplication::appendErrorMessage($message);
        $query = array('module' => $e->getModuleName(), 'action' => $e->isNewRecord() ? 'EditView' : 'DetailView');
        if (!$e->isNewRecord()) {
            $query['record'] = $e->getRecordId();
        }
        SugarApplication::redirect('index.php?' . http_build_query($query));
    }

    /** after_ui_frame (application): inject the hint script into EditView / quick create of guarded modules. */
    public function injectHints($event = null, $arguments = null)
    {
        $view = isset($GLOBALS['current_view']) ? $GLOBALS['current_view'] : null;
        if (!is_object($view) || !isset($view->type) || !in_array($view->type, array('edit', 'quickcreate'), true)) {
            return;
        }
        if (!empty($_REQUEST['to_pdf']) || !empty($_REQUEST['sugar_body_only']) || !self::guard()->config()->isGuarded($view->module)) {
            return;
        }
        $config = array(
            'module' => $view->module,
            // A duplicate (EditView with isDuplicate=true) is a new record filled from another one: the form still carries
            // the source's id, but the save creates a record, so the hint must not compare with the source.
            'record' => isset($view->bean->id) && !self::isDuplicateView() ? (string) $view->bean->id : '',
            'language' => SphereEventBuilder::language(),
            'endpoint' => 'index.php?entryPoint=SphereDecision',
            'labels' => self::labels(array('LBL_SPHERE_FORM_BLOCKED', 'LBL_SPHERE_UNAVAILABLE', 'LBL_SPHERE_CHECKING')),
        );
        echo '<script src="custom/modules/SpherePrivacy/js/sphere-hints.js?v=' . rawurlencode(SPHERE_PLUGIN_VERSION) . '"></script>';
        echo '<script>SphereHints.init(' . json_encode($config, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT) . ');</script>';
    }

    /**
     * after_ui_frame (application): on a campaign's DetailView (a classic view on 7 and 8), links to its privacy
     * pre-check (entry point SpherePlan) for the send and for the test send, placed under the page title. The user sees
     * the DetailView, so they may view the campaign; the entry point checks that again. Not for campaign types that send
     * no e-mail (Telesales, Mail, Print, …).
     */
    public function injectPlanLink($event = null, $arguments = null)
    {
        $view = isset($GLOBALS['current_view']) ? $GLOBALS['current_view'] : null;
        if (!is_object($view) || !isset($view->type) || $view->type !== 'detail' || !isset($view->module) || $view->module !== 'Campaigns') {
            return;
        }
        if (!empty($_REQUEST['to_pdf']) || !empty($_REQUEST['sugar_body_only']) || empty($view->bean->id)) {
            return;
        }
        $type = isset($view->bean->campaign_type) ? (string) $view->bean->campaign_type : '';
        if ($type !== '' && !in_array($type, array('Email', 'NewsLetter'), true)) {
            return;
        }
        $labels = self::labels(array('LBL_SPHERE_PLAN_LINK', 'LBL_SPHERE_PLAN_TEST_LINK'));
        $h = function ($text) {
            return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8');
        };
        $url = 'index.php?' . http_build_query(array('entryPoint' => 'SpherePlan', 'record' => (string) $view->bean->id));
        echo '<div id="sphere-plan-link" class="sphere-plan-link" style="margin:.5em 0">'
            . '<a class="button" id="sphere-plan-open" href="' . $h($url) . '">' . $h($labels['LBL_SPHERE_PLAN_LINK']) . '</a> '
            . '<a class="button" id="sphere-plan-open-test" href="' . $h($url . '&test=1') . '">' . $h($labels['LBL_SPHERE_PLAN_TEST_LINK']) . '</a></div>';
        echo '<script>(function () { var l = document.getElementById("sphere-plan-link"), t = document.querySelector(".moduleTitle");'
            . ' if (l && t && t.parentNode) { t.parentNode.insertBefore(l, t.nextSibling); } })();</script>';
    }

    /** EditView opened by "Duplicate": SuiteCRM passes isDuplicate=true and saves a new record. */
    private static function isDuplicateView()
    {
        return isset($_REQUEST['isDuplicate']) && in_array(strtolower((string) $_REQUEST['isDuplicate']), array('true', '1'), true);
    }

    public static function guard()
    {
        if (!self::$guard) {
            self::$guard = new SphereGuard();
        }
        return self::$guard;
    }

    private static function labels(array $keys)
    {
        $labels = array();
        foreach ($keys as $key) {
            $labels[$key] = isset($GLOBALS['app_strings'][$key]) ? (string) $GLOBALS['app_strings'][$key] : $key;
        }
        return $labels;
    }

    private function reportWarnings(SphereDecision $decision, $bean, $channel, $language)
    {
        $texts = $decision->warningTexts($language);
        if (count($texts) === 0) {
            return;
        }
        SphereGuard::log('warn', 'Sphere warnings for ' . $bean->module_dir . ' ' . $bean->id . ': ' . implode(' | ', $decision->warningTexts('en')));
        if ($channel !== 'api' && $channel !== 'scheduler') {
            self::appendMessage('appendSuccessMessage', (SphereDecision::languageKey($language) === 'de' ? 'Datenschutzhinweis: ' : 'Privacy note: ') . implode(' | ', $texts));
        }
    }

    private static function appendMessage($method, $text)
    {
        if (class_exists('SugarApplication') && method_exists('SugarApplication', $method)) {
            SugarApplication::$method(htmlspecialchars($text, ENT_QUOTES, 'UTF-8'));
        }
    }

    private static function recordLabel($bean)
    {
        $name = isset($bean->name) && $bean->name !== '' ? $bean->name : trim((isset($bean->first_name) ? $bean->first_name : '') . ' ' . (isset($bean->last_name) ? $bean->last_name : ''));
        return $bean->module_dir . ' "' . $name . '"';
    }
}

if (!defined('SPHERE_PLUGIN_VERSION')) {
    define('SPHERE_PLUGIN_VERSION', '0.1.0');
}
