<?php
require_once __DIR__ . '/SphereConfig.php';
require_once __DIR__ . '/SphereClient.php';
require_once __DIR__ . '/SphereDecision.php';
require_once __DIR__ . '/SphereQueue.php';
require_once __DIR__ . '/SphereEventBuilder.php';

/** Asks the connector and applies the fail mode: closed → blocked "could not check"; open → allowed and queued for replay. */
class SphereGuard
{
    /** @var SphereConfig */
    private $config;
    /** @var SphereClient */
    private $client;

    public function __construct(?SphereConfig $config = null, ?SphereClient $client = null)
    {
        $this->config = $config ? $config : SphereConfig::load();
        $this->client = $client ? $client : new SphereClient($this->config);
    }

    public function config()
    {
        return $this->config;
    }

    public function client()
    {
        return $this->client;
    }

    /**
     * Every event leaves SuiteCRM through decide() / decideBatch(): to the connector, or into the fail-open queue. Both
     * get it without the values of fields mapped to a special category (SphereEventBuilder::withoutSpecialCategoryValues()).
     */
    public function decide(array $event)
    {
        $event = SphereEventBuilder::withoutSpecialCategoryValues($event, $this->config);
        try {
            return new SphereDecision($this->client->decide($event));
        } catch (SphereUnavailableException $e) {
            return $this->unavailable(array($event), $e)[0];
        }
    }

    /**
     * One request per batch the client sends, so a request that fails leaves the answers of the others standing: only
     * its own events get the fail mode (blocked, or allowed and queued without the ones the connector already logged).
     * @return SphereDecision[] one per event, same order
     */
    public function decideBatch(array $events)
    {
        $out = array();
        $events = array_map(function (array $event) {
            return SphereEventBuilder::withoutSpecialCategoryValues($event, $this->config);
        }, array_values($events));
        foreach (SphereClient::batches($events) as $batch) {
            try {
                foreach ($this->client->decideBatch($batch) as $decision) {
                    $out[] = new SphereDecision(is_array($decision) ? $decision : array());
                }
            } catch (SphereUnavailableException $e) {
                array_push($out, ...$this->unavailable($batch, $e));
            }
        }
        return $out;
    }

    private function unavailable(array $events, Exception $e)
    {
        self::log('error', 'Sphere: privacy check could not run: ' . $e->getMessage());
        $out = array();
        foreach ($events as $event) {
            if ($this->config->failOpen() && empty($event['dry_run'])) {
                (new SphereQueue($this->config->queueFile()))->append($event);
                $out[] = new SphereDecision(array('outcome' => 'allow', 'unchecked' => true, 'violations' => array(), 'warnings' => array()));
            } else {
                $out[] = SphereDecision::unchecked();
            }
        }
        return $out;
    }

    public static function log($level, $message)
    {
        if (isset($GLOBALS['log']) && is_object($GLOBALS['log'])) {
            $GLOBALS['log']->$level($message);
        }
    }
}
