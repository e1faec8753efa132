<?php
require_once __DIR__ . '/SphereConfig.php';
require_once __DIR__ . '/SphereClient.php';
require_once __DIR__ . '/SphereDecision.php';
require_once __DIR__ . '/SphereQueue.php';

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

    public function decide(array $event)
    {
        try {
            return new SphereDecision($this->client->decide($event));
        } catch (SphereUnavailableException $e) {
            return $this->unavailable(array($event), $e)[0];
        }
    }

    /** @return SphereDecision[] one per event, same order */
    public function decideBatch(array $events)
    {
        try {
            $out = array();
            foreach ($this->client->decideBatch($events) as $decision) {
                $out[] = new SphereDecision(is_array($decision) ? $decision : array());
            }
            return $out;
        } catch (SphereUnavailableException $e) {
            return $this->unavailable($events, $e);
        }
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
