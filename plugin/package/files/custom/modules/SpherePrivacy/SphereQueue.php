<?php
require_once __DIR__ . '/SphereEventBuilder.php';
/**
 * Fail-open journal: events that could not be checked are appended as JSON lines and replayed by the scheduler job.
 * A file (under the cache dir) rather than a table keeps uninstall free of schema changes.
 */
class SphereQueue
{
    /** @var string */
    private $file;

    /** @var SphereConfig|null the settings of the running replay: its special-category mapping masks what leaves the queue */
    private $config = null;

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
        self::appendLine($this->file, json_encode($event));
    }

    /** Queued events hold personal data: the files are readable by the web server's user and group only. */
    private static function appendLine($file, $line)
    {
        file_put_contents($file, $line . "\n", FILE_APPEND | LOCK_EX);
        chmod($file, 0660);
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

    /** @return int[] ['pending' => events waiting for replay, 'rejected' => events set aside] */
    public function status()
    {
        $rejected = is_file($this->rejectedFile()) ? count(file($this->rejectedFile(), FILE_SKIP_EMPTY_LINES)) : 0;
        return array('pending' => count($this->pending()), 'rejected' => $rejected);
    }

    /**
     * Sends the queued events to the connector (so it logs them), oldest first, in batches that stay inside its limits,
     * and removes each batch from the queue once the connector has taken it. Events queued meanwhile stay queued. An
     * event the connector refuses as bad input (HTTP 400, 413) would block the queue for good: it is moved to the rejected
     * file with the connector's reason and reported, so the others go through and nothing is lost.
     * @return int number of replayed events (0 as well while another replay is running)
     * @throws SphereUnavailableException when the connector cannot take a batch (the rest stays queued for the next run)
     */
    public function replay(SphereClient $client, ?SphereConfig $config = null)
    {
        // Lines queued before the values of special-category fields were masked are masked on the way out.
        $replayable = function (array $event) use ($config) {
            return self::replayable(SphereEventBuilder::withoutSpecialCategoryValues($event, $config));
        };
        $this->config = $config;
        if (!is_file($this->file)) {
            return 0;
        }
        // Two replays at once would send events twice and drop each other's lines: the second one leaves it to the first.
        $lock = fopen($this->file . '.replaying', 'c');
        if ($lock === false || !flock($lock, LOCK_EX | LOCK_NB)) {
            return 0;
        }
        try {
            $replayed = 0;
            while (count($events = $this->head()) > 0) {
                try {
                    $client->decideBatch(array_map($replayable, $events));
                } catch (SphereUnavailableException $e) {
                    if (!self::refusedInput($e)) {
                        throw $e;
                    }
                    $this->replayOneByOne($client, $events, $replayable);
                }
                $this->drop(count($events));
                $replayed += count($events);
            }
            return $replayed;
        } finally {
            flock($lock, LOCK_UN);
            fclose($lock);
        }
    }

    /** Where refused events are kept, one JSON line each with the connector's reason, for the administrator. */
    public function rejectedFile()
    {
        return $this->file . '.rejected';
    }

    /** @param array[] $events a batch the connector refused: each is sent alone to find the ones it refuses */
    private function replayOneByOne(SphereClient $client, array $events, callable $replayable)
    {
        foreach ($events as $event) {
            try {
                $client->decideBatch(array($replayable($event)));
            } catch (SphereUnavailableException $e) {
                if (!self::refusedInput($e)) {
                    throw $e;
                }
                $this->reject($event, $e->getMessage());
            }
        }
    }

    /** The connector refused what was sent (bad input, too large), as opposed to being unable to take it now. */
    private static function refusedInput(SphereUnavailableException $e)
    {
        return $e->getCode() === 400 || $e->getCode() === 413;
    }

    private static function replayable(array $event)
    {
        unset($event['unchecked']);
        $event['dry_run'] = false;
        $event['facts'] = array_merge(isset($event['facts']) && is_array($event['facts']) ? $event['facts'] : array(), array('replayed_unchecked' => true));
        return $event;
    }

    /** The oldest queued events, as many as the client sends in one request (so a batch is taken whole or not at all). */
    private function head()
    {
        $candidates = array();
        $handle = fopen($this->file, 'r');
        if ($handle !== false) {
            while (count($candidates) < SphereClient::BATCH_ITEMS && ($line = fgets($handle)) !== false) {
                $event = json_decode($line, true);
                if (is_array($event)) {
                    $candidates[] = $event;
                }
            }
            fclose($handle);
        }
        // sized as they are sent: masked (a long unmasked value of an older version's line would size it wrongly)
        $config = $this->config;
        $batches = SphereClient::batches(array_map(function (array $event) use ($config) {
            return self::replayable(SphereEventBuilder::withoutSpecialCategoryValues($event, $config));
        }, $candidates));
        return count($batches) > 0 ? array_slice($candidates, 0, count($batches[0])) : array();
    }

    /**
     * Removes the first $count events, keeping lines appended since they were read. Appends hold the same lock, so an
     * unreadable line is not one being written: it can never be replayed and goes to the rejected file.
     */
    private function drop($count)
    {
        $handle = fopen($this->file, 'c+');
        if ($handle === false || !flock($handle, LOCK_EX)) {
            throw new SphereUnavailableException('queue file ' . $this->file . ' cannot be locked');
        }
        try {
            $rest = '';
            foreach (explode("\n", stream_get_contents($handle)) as $line) {
                if ($line === '') {
                    continue;
                }
                if (!is_array(json_decode($line, true))) {
                    $this->reject($line, 'unreadable queue line');
                } elseif ($count > 0) {
                    $count--;
                } else {
                    $rest .= $line . "\n";
                }
            }
            ftruncate($handle, 0);
            rewind($handle);
            fwrite($handle, $rest);
            fflush($handle);
        } finally {
            flock($handle, LOCK_UN);
            fclose($handle);
        }
    }

    /** @param array|string $event */
    private function reject($event, $reason)
    {
        // a line queued by an older version may still hold special-category values: the rejected file gets none
        if (is_array($event)) {
            $event = SphereEventBuilder::withoutSpecialCategoryValues($event, $this->config);
        }
        self::appendLine($this->rejectedFile(), json_encode(array('event' => $event, 'reason' => $reason)));
        SphereGuard::log('error', 'Sphere: an unchecked event could not be replayed (' . $reason . '); it is kept in ' . $this->rejectedFile());
    }
}
