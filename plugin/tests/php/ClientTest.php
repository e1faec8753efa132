<?php
/** SphereClient against the real connector: batches longer or larger than one request may carry. */
class ClientTest extends SphereTestCase
{
    private function client()
    {
        return new SphereClient(new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET'), 'timeout' => '30')));
    }

    private static function save($lastName)
    {
        return array('event' => 'record.save', 'module' => 'Contacts', 'record' => array('last_name' => $lastName), 'channel' => 'ui', 'request_id' => 'r-' . strlen($lastName) . '-' . substr($lastName, 0, 12));
    }

    public function testMoreEventsThanTheConnectorTakesPerRequestAreDecidedInOrder()
    {
        $events = array();
        for ($i = 0; $i < 12000; $i++) {
            $events[] = self::save($i % 1000 === 7 ? 'DENY ' . $i : 'Row ' . $i);
        }
        $this->assertCount(12, SphereClient::batches($events));
        $decisions = $this->client()->decideBatch($events);
        $this->assertCount(12000, $decisions);
        $this->assertSame(array_column($events, 'request_id'), array_column($decisions, 'request_id'));
        $this->assertSame(12, count(array_filter($decisions, function ($d) {
            return $d['outcome'] === 'deny';
        })));
    }

    public function testEventsLargerTogetherThanOneRequestMaySpreadOverSeveral()
    {
        $events = array();
        foreach (array('A', 'B', 'C', 'D', 'E') as $letter) {
            $events[] = self::save(str_repeat($letter, 1500000));
        }
        $this->assertSame(array(2, 2, 1), array_map('count', SphereClient::batches($events)));
        $decisions = $this->client()->decideBatch($events);
        $this->assertSame(array_column($events, 'request_id'), array_column($decisions, 'request_id'));
    }

    public function testProvenanceOfAWholeLargeImportIsStoredOverSeveralRequests()
    {
        $records = array();
        for ($i = 0; $i < 12000; $i++) {
            $records[] = array('module' => 'Contacts', 'person_id' => 'client-test-' . intdiv($i, 25), 'field' => 'field_' . ($i % 25), 'source_type' => 'trade_fair_card');
        }
        $this->assertCount(12, SphereClient::batches($records));
        $this->assertSame(12000, $this->client()->recordProvenance($records));
    }
}
