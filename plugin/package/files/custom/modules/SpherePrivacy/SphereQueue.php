<?php
/**
 * Fail-open journal: events that could not be checked are appended as JSON lines and replayed by the scheduler job.
 * A file (under the cache dir) rather than a table keeps uninstall free of schema changes.
 */
class SphereQueue
{
    /** @var string */
    private $file;

    public function __construct($file)
    {
        $this->file = (string) $file;
    }

    public function append(array $event)
    {
        $dir = dirname($this->file);
        if (!is_dir($dir)) {
            mkdir($dir, 0770, true);
        }
        $event['unchecked'] = true;
        file_put_contents($this->file, json_encode($event) . "\n", FILE_APPEND | LOCK_EX);
    }

    /** @return array queued events, oldest first */
    public function pending()
    {
        if (!is_file($this->file)) {
            return array();
        }
        $events = array();
        foreach (file($this->file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
            $event = json_decode($line, true);
            if (is_array($event)) {
                $events[] = $event;
            }
        }
        return $events;
    }

    /**
     * Sends the queued events to the connector in one batch (so it logs them) and empties the queue on success.
     * @return int number of replayed events
     */
    public function replay(SphereClient $client)
    {
        $events = $this->pending();
        if (count($events) === 0) {
            return 0;
        }
        $clean = array();
        foreach ($events as $event) {
            unset($event['unchecked']);
            $event['dry_run'] = false;
            $event['facts'] = array_merge(isset($event['facts']) && is_array($event['facts']) ? $event['facts'] : array(), array('replayed_unchecked' => true));
            $clean[] = $event;
        }
        $client->decideBatch($clean);
        file_put_contents($this->file, '', LOCK_EX);
        return count($clean);
    }
}
