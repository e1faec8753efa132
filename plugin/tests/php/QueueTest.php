<?php
require_once 'custom/modules/SpherePrivacy/SphereReplayJob.php';
require_once 'custom/modules/SpherePrivacy/SphereSettingsController.php';

/** The real client, counting the batches it sends; `during` runs once, inside the first batch. */
class ReplayRecordingClient extends SphereClient
{
    public $batches = array();
    public $sent = array();
    public $during;
    /** @var int|null fail every batch from this one on (0-based) as an unreachable connector would */
    public $failFrom;

    public function decideBatch(array $events)
    {
        if ($this->failFrom !== null && count($this->batches) >= $this->failFrom) {
            throw new SphereUnavailableException('connector not reachable: test');
        }
        $this->batches[] = count($events);
        if ($this->during !== null) {
            $during = $this->during;
            $this->during = null;
            $during();
        }
        $answers = parent::decideBatch($events);
        foreach ($events as $event) {
            $this->sent[] = isset($event['record']['last_name']) ? $event['record']['last_name'] : '';
        }
        return $answers;
    }
}

/** Replay of the fail-open queue (SphereQueue + the scheduler job) against the real connector. */
class QueueTest extends SphereTestCase
{
    /** @var string */
    private $file;
    /** @var SphereQueue */
    private $queue;

    protected function setUp(): void
    {
        parent::setUp();
        $this->file = sys_get_temp_dir() . '/sphere-queue-' . getmypid() . '-' . bin2hex(random_bytes(4)) . '/unchecked.jsonl';
        $this->queue = new SphereQueue($this->file);
    }

    protected function tearDown(): void
    {
        foreach (array($this->file, $this->queue->rejectedFile(), $this->file . '.replaying') as $file) {
            if (is_file($file)) {
                unlink($file);
            }
        }
        if (is_dir(dirname($this->file))) {
            rmdir(dirname($this->file));
        }
        unset($GLOBALS['log']);
    }

    private function enqueue($lastName, $event = 'record.save')
    {
        $this->queue->append(array('event' => $event, 'module' => 'Contacts', 'record' => array('last_name' => $lastName), 'channel' => 'ui'));
    }

    private function client()
    {
        return new ReplayRecordingClient(new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET'), 'timeout' => '10')));
    }

    public function testALongQueueIsReplayedInBatchesTheConnectorAccepts()
    {
        for ($i = 0; $i < 2500; $i++) {
            $this->enqueue('Row ' . $i);
        }
        $client = $this->client();
        $this->assertSame(2500, $this->queue->replay($client));
        $this->assertSame(array(1000, 1000, 500), $client->batches);
        $this->assertSame('Row 0', $client->sent[0]);
        $this->assertSame('Row 2499', $client->sent[2499]);
        $this->assertSame(array(), $this->queue->pending());
    }

    public function testQueuedAndRejectedEventsAreReadableByTheWebServerOnly()
    {
        $this->enqueue('Privat', 'record.teleport');
        $this->assertSame(0660, fileperms($this->file) & 0777);
        $this->queue->replay($this->client());
        $this->assertSame(0660, fileperms($this->queue->rejectedFile()) & 0777);
    }

    /** The module strings of the settings page in a language, as SuiteCRM loads them. */
    private static function strings($language)
    {
        $mod_strings = array();
        require __DIR__ . '/../../package/ext/language/administration.' . $language . '.php';
        return $mod_strings;
    }

    public function testTheSettingsPageTellsTheAdministratorWhatTheQueueHolds()
    {
        $config = new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET'), 'queue_file' => $this->file));
        $settings = new SphereSettingsController();
        $this->assertSame('', $settings->queueStatusText($config, self::strings('en_us')));
        $this->enqueue('Kaputt', 'record.teleport');
        $this->queue->replay($this->client());
        $this->enqueue('Wartet');
        $this->enqueue('Auch');
        $this->assertSame('2 unchecked event(s) wait for the scheduler job to replay them to the connector. 1 event(s) the connector refused are kept in '
            . $this->queue->rejectedFile() . '; the SuiteCRM log names the reasons.', $settings->queueStatusText($config, self::strings('en_us')));
        $this->assertSame('2 ungeprüfte(s) Ereignis(se) warten darauf, dass der Scheduler-Job sie dem Connector nachreicht. 1 vom Connector abgelehnte(s) Ereignis(se) liegen in '
            . $this->queue->rejectedFile() . '; die Gründe stehen im SuiteCRM-Log.', $settings->queueStatusText($config, self::strings('de_DE')));
    }

    public function testASecondReplayWhileOneIsRunningLeavesTheQueueToIt()
    {
        $this->enqueue('Einmal');
        $running = fopen($this->file . '.replaying', 'c');
        flock($running, LOCK_EX);
        try {
            $client = $this->client();
            $this->assertSame(0, $this->queue->replay($client));
            $this->assertSame(array(), $client->batches);
            $this->assertCount(1, $this->queue->pending());
        } finally {
            flock($running, LOCK_UN);
            fclose($running);
        }
        $this->assertSame(1, $this->queue->replay($this->client()));
    }

    public function testEventsQueuedDuringTheReplayAreKeptAndReplayedToo()
    {
        $this->enqueue('Erste');
        $this->enqueue('Zweite');
        $client = $this->client();
        $client->during = function () {
            $this->enqueue('Waehrenddessen');
        };
        $this->assertSame(3, $this->queue->replay($client));
        $this->assertSame(array('Erste', 'Zweite', 'Waehrenddessen'), $client->sent);
        $this->assertSame(array(), $this->queue->pending());
    }

    public function testWhatTheConnectorHasTakenLeavesTheQueueWhenItGoesAwayMidway()
    {
        for ($i = 0; $i < 1500; $i++) {
            $this->enqueue('Row ' . $i);
        }
        $client = $this->client();
        $client->failFrom = 1;
        try {
            $this->queue->replay($client);
            $this->fail('the replay must report the unreachable connector');
        } catch (SphereUnavailableException $e) {
            $this->assertStringContainsString('not reachable', $e->getMessage());
        }
        $pending = $this->queue->pending();
        $this->assertCount(500, $pending);
        $this->assertSame('Row 1000', $pending[0]['record']['last_name']);
    }

    public function testWhenOneOfSeveralRequestsFailsOnlyItsEventsGetTheFailMode()
    {
        $config = new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET'), 'fail_mode' => 'open', 'queue_file' => $this->file, 'timeout' => '10'));
        $client = new ReplayRecordingClient($config);
        $client->failFrom = 1;
        $events = array();
        for ($i = 0; $i < 1500; $i++) {
            $events[] = array('event' => 'record.save', 'module' => 'Contacts', 'record' => array('last_name' => $i === 3 ? 'DENY' : 'Row ' . $i), 'channel' => 'ui');
        }
        $decisions = (new SphereGuard($config, $client))->decideBatch($events);
        $this->assertCount(1500, $decisions);
        $this->assertTrue($decisions[3]->isBlocked(), 'the first request was answered by the connector');
        $this->assertFalse($decisions[1000]->isBlocked(), 'fail open lets the events of the failed request through');
        $pending = $this->queue->pending();
        $this->assertCount(500, $pending, 'only the failed request\'s events wait for replay');
        $this->assertSame('Row 1000', $pending[0]['record']['last_name']);
    }

    public function testAnEventTooLargeForTheConnectorIsSetAsideAndTheNextOneGoesThrough()
    {
        $this->enqueue(str_repeat('x', 6000000));
        $this->enqueue('Danach');
        $client = $this->client();
        $this->assertSame(2, $this->queue->replay($client));
        $this->assertSame(array('Danach'), $client->sent);
        $rejected = json_decode(file_get_contents($this->queue->rejectedFile()), true);
        $this->assertStringStartsWith('connector answered 413', $rejected['reason']);
    }

    public function testAnEventTheConnectorRefusesIsSetAsideWithItsReasonAndTheOthersGoThrough()
    {
        $GLOBALS['log'] = new RecordingLog();
        $this->enqueue('Vorher');
        $this->enqueue('Kaputt', 'record.teleport');
        $this->enqueue('Nachher');
        file_put_contents($this->file, "{not json\n", FILE_APPEND);
        $client = $this->client();
        $this->assertSame(3, $this->queue->replay($client));
        $this->assertSame(array('Vorher', 'Nachher'), $client->sent);
        $this->assertSame(array(), $this->queue->pending());

        $rejected = array_map(function ($line) {
            return json_decode($line, true);
        }, file($this->queue->rejectedFile(), FILE_IGNORE_NEW_LINES));
        $this->assertCount(2, $rejected);
        $this->assertSame('record.teleport', $rejected[0]['event']['event']);
        $this->assertStringStartsWith('connector answered 400: unknown_event: ', $rejected[0]['reason']);
        $this->assertSame(array('event' => '{not json', 'reason' => 'unreadable queue line'), $rejected[1]);
        $errors = preg_grep('/^error: Sphere: an unchecked event could not be replayed/', $GLOBALS['log']->lines);
        $this->assertCount(2, $errors);
    }
    /**
     * Lines an older version queued with the clear value of a special-category field: batches are sized on what is sent
     * (masked), and a refused one reaches the rejected file masked too.
     */
    public function testOldUnmaskedLinesAreSizedAndSetAsideMasked()
    {
        $old = function ($lastName, $diagnosis, $event = 'record.save') {
            file_put_contents($this->file, json_encode(array('event' => $event, 'module' => 'Contacts', 'record' => array('last_name' => $lastName, 'diagnosis_c' => $diagnosis),
                'changes' => array('diagnosis_c' => array('before' => null, 'after' => $diagnosis)), 'channel' => 'ui', 'unchecked' => true)) . "\n", FILE_APPEND);
        };
        $this->enqueue('Vorher');
        $old('Alt', 'Lang ' . str_repeat('x', 6000000));
        $old('Kaputt', 'HIV', 'record.teleport');
        $config = new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET'), 'special_fields' => 'diagnosis_c = health'));
        $client = $this->client();
        $this->assertSame(3, $this->queue->replay($client, $config));
        $this->assertSame(3, $client->batches[0], 'one batch: the masked events are small');
        $this->assertSame(array('Vorher', 'Alt'), array_values(array_unique($client->sent)));
        $rejected = file_get_contents($this->queue->rejectedFile());
        $this->assertStringNotContainsString('HIV', $rejected);
        $line = json_decode($rejected, true);
        $this->assertSame('[special_category]', $line['event']['record']['diagnosis_c']);
        $this->assertSame(array('before' => null, 'after' => '[special_category]'), $line['event']['changes']['diagnosis_c']);
    }
}
