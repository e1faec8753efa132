<?php
require_once __DIR__ . '/SphereUnavailableException.php';

/**
 * HMAC-signed HTTP client for the Sphere connector (curl). The signature covers method, path with query,
 * timestamp, nonce and the body hash, exactly as the connector verifies it.
 */
class SphereClient
{
    /** A bulk request stays well inside the connector's limits of 10,000 events or records and 5 MB per request. */
    const BATCH_ITEMS = 1000;
    const BATCH_BYTES = 4000000;

    /** @var SphereConfig */
    private $config;

    public function __construct(SphereConfig $config)
    {
        $this->config = $config;
    }

    /** @return array decision as answered by the connector */
    public function decide(array $event)
    {
        return $this->request('POST', '/v1/decisions', $event);
    }

    /**
     * Decides the events in as many batch requests as the limits need (an import chunk or a campaign run can be longer).
     * @return array list of decisions in the order of $events
     */
    public function decideBatch(array $events)
    {
        $decisions = array();
        foreach (self::batches(array_values($events)) as $batch) {
            $answer = $this->request('POST', '/v1/decisions/batch', array('events' => $batch));
            if (!isset($answer['decisions']) || !is_array($answer['decisions']) || count($answer['decisions']) !== count($batch)) {
                throw new SphereUnavailableException('connector answered a batch without one decision per event');
            }
            array_push($decisions, ...$answer['decisions']);
        }
        return $decisions;
    }

    /**
     * Consecutive runs of items (events, records, plan recipients) of at most $maxItems and $maxBytes of JSON each (a
     * larger item alone); by default the limits of a batch request.
     */
    public static function batches(array $items, $maxItems = self::BATCH_ITEMS, $maxBytes = self::BATCH_BYTES)
    {
        $batches = array();
        $batch = array();
        $bytes = 0;
        foreach ($items as $item) {
            $size = strlen((string) json_encode($item)) + 1;
            if (count($batch) === $maxItems || (count($batch) > 0 && $bytes + $size > $maxBytes)) {
                $batches[] = $batch;
                $batch = array();
                $bytes = 0;
            }
            $batch[] = $item;
            $bytes += $size;
        }
        if (count($batch) > 0) {
            $batches[] = $batch;
        }
        return $batches;
    }

    /**
     * Stores where the data of people came from, field by field (POST /v1/provenance), in requests within the same
     * limits as batches; each request stores all its records or none.
     * @param array[] $records module, person_id, field, source_type and the optional provenance fields
     * @return int number of records stored
     */
    public function recordProvenance(array $records)
    {
        $stored = 0;
        foreach (self::batches(array_values($records)) as $batch) {
            $answer = $this->request('POST', '/v1/provenance', array('records' => $batch));
            $stored += isset($answer['stored']) ? (int) $answer['stored'] : 0;
        }
        return $stored;
    }

    /**
     * A mailing.plan (what-if of a whole campaign) on POST /v1/decisions. A plan of many recipients takes longer than
     * one decision, so it may wait up to $timeoutSeconds (never less than the configured timeout).
     * @return array the plan: summary, recipients, revision, evaluated_at
     */
    public function plan(array $event, $timeoutSeconds = 60)
    {
        return $this->request('POST', '/v1/decisions', $event, max((float) $timeoutSeconds, $this->config->timeout()));
    }

    /** @return array the active policy revision as listed by GET /v1/policies */
    public function policies()
    {
        return $this->request('GET', '/v1/policies', null);
    }

    public static function sign($secret, $method, $pathWithQuery, $timestamp, $nonce, $body)
    {
        $payload = $method . "\n" . $pathWithQuery . "\n" . $timestamp . "\n" . $nonce . "\n" . hash('sha256', $body);
        return 'v1=' . hash_hmac('sha256', $payload, $secret);
    }

    private function request($method, $path, $payload, $timeoutSeconds = null)
    {
        if (!$this->config->isConfigured()) {
            throw new SphereUnavailableException('connector URL or shared secret not configured', SphereUnavailableException::NOT_CONFIGURED);
        }
        if (!function_exists('curl_init')) {
            throw new SphereUnavailableException('PHP curl extension missing');
        }
        $body = $payload === null ? '' : json_encode($payload);
        if ($body === false) {
            throw new SphereUnavailableException('event could not be encoded as JSON');
        }
        $timestamp = (string) time();
        $nonce = bin2hex(random_bytes(16));
        $headers = array(
            'Content-Type: application/json',
            'Accept: application/json',
            'X-Sphere-Timestamp: ' . $timestamp,
            'X-Sphere-Nonce: ' . $nonce,
            'X-Sphere-Signature: ' . self::sign($this->config->secret(), $method, $path, $timestamp, $nonce, $body),
        );
        $ch = curl_init($this->config->url() . $path);
        $timeoutMs = (int) round(($timeoutSeconds === null ? $this->config->timeout() : $timeoutSeconds) * 1000);
        curl_setopt_array($ch, array(
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_TIMEOUT_MS => $timeoutMs,
            CURLOPT_CONNECTTIMEOUT_MS => min($timeoutMs, 3000),
            CURLOPT_NOSIGNAL => true,
            CURLOPT_FOLLOWLOCATION => false,
        ));
        if ($method !== 'GET') {
            curl_setopt($ch, CURLOPT_POSTFIELDS, $body);
        }
        $raw = curl_exec($ch);
        $status = (int) curl_getinfo($ch, CURLINFO_HTTP_CODE);
        $error = curl_error($ch);
        curl_close($ch);
        if ($raw === false) {
            throw new SphereUnavailableException('connector not reachable: ' . $error, SphereUnavailableException::UNREACHABLE);
        }
        $json = json_decode((string) $raw, true);
        // 201 answers the writes (consents, provenance); any other status is the connector saying no
        if (($status !== 200 && $status !== 201) || !is_array($json)) {
            $detail = is_array($json) && isset($json['error']) ? (string) $json['error'] : 'HTTP ' . $status;
            foreach (array('message', 'reason') as $key) {
                if (is_array($json) && isset($json[$key]) && is_string($json[$key])) {
                    $detail .= ': ' . $json[$key];
                }
            }
            throw new SphereUnavailableException('connector answered ' . $status . ': ' . $detail, $status, $json);
        }
        return $json;
    }
}
