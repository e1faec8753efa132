<?php
use PHPUnit\Framework\TestCase;

/** Fresh SQLite schema, request state and guard per test. */
abstract class SphereTestCase extends TestCase
{
    const SCHEMA = SphereTestSchema::TABLES;

    /** @var array the vardefs before studioFields() joined them */
    private $installedDictionary;

    /**
     * Custom fields an administrator created in Studio, per bean class: name => vardef (type). Like DynamicField they
     * become vardefs with source custom_fields, kept in <table>_cstm.
     */
    protected function studioFields()
    {
        return array();
    }

    protected function tearDown(): void
    {
        if ($this->installedDictionary !== null) {
            $GLOBALS['dictionary'] = $this->installedDictionary;
        }
    }

    protected function setUp(): void
    {
        $this->installedDictionary = $GLOBALS['dictionary'];
        foreach ($this->studioFields() as $object => $fields) {
            foreach ($fields as $name => $def) {
                $GLOBALS['dictionary'][$object]['fields'][$name] = array_merge(array('name' => $name, 'type' => 'varchar', 'source' => 'custom_fields'), $def);
            }
            $GLOBALS['dictionary'][$object]['custom_fields'] = true;
        }
        $pdo = SphereTestSchema::create(new PDO('sqlite::memory:'));
        $GLOBALS['db'] = new DBManager($pdo);
        $GLOBALS['current_user'] = (object) array('id' => '1', 'user_name' => 'jdoe', 'is_admin' => false, 'department' => 'Sales');
        $GLOBALS['current_language'] = 'en_us';
        $_REQUEST = array();
        $_SESSION = array();
        $_SERVER['REQUEST_URI'] = '/index.php';
        ACLController::$levels = array();
        $this->useConnector(getenv('SPHERE_URL'));
    }

    /**
     * A guard whose client keeps every event it sends and every decision it gets (RecordingClient), talking to the
     * allowing test connector unless $settings name another url/secret; $settings are the module's settings.
     * @return RecordingClient
     */
    protected function recordingGuard(array $settings = array())
    {
        $config = new SphereConfig(array_merge(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET')), $settings));
        $client = new RecordingClient($config);
        SphereHooks::$guard = new SphereGuard($config, $client);
        return $client;
    }

    /** The settings of the connector serving the real policy pack (policies/). */
    protected static function packConnector(array $settings = array())
    {
        return array_merge(array('url' => getenv('SPHERE_PACK_URL'), 'secret' => getenv('SPHERE_PACK_SECRET')), $settings);
    }

    protected function useConnector($url, array $extra = array())
    {
        SphereHooks::$guard = new SphereGuard(new SphereConfig(array_merge(array('url' => $url, 'secret' => getenv('SPHERE_SECRET'), 'timeout' => '2'), $extra)));
    }

    protected function contact($lastName, $email = null, $id = null)
    {
        $c = new Contact();
        $c->id = $id;
        if ($id !== null) {
            $c->new_with_id = true;
        }
        $c->first_name = 'Erika';
        $c->last_name = $lastName;
        if ($email !== null) {
            $c->email1 = $email;
            $c->emailAddress->addAddress($email, true);
        }
        return $c;
    }

    protected function rowCount($sql)
    {
        return (int) $GLOBALS['db']->getOne($sql);
    }

    protected function rows($sql)
    {
        return $GLOBALS['db']->pdo->query($sql)->fetchAll(PDO::FETCH_ASSOC);
    }

    /** Runs EmailMan over the queued campaign e-mails as the campaign scheduler does; the mailer that "sent" them. */
    protected function deliverQueue($testmode = false)
    {
        $mail = new SugarPHPMailer();
        $emailman = BeanFactory::newBean('EmailMan');
        foreach ($this->rows('SELECT * FROM emailman WHERE deleted = 0 ORDER BY send_date_time, user_id, list_id, id') as $row) {
            foreach ($row as $name => $value) {
                $emailman->$name = $value;
            }
            $this->assertTrue($emailman->sendEmail($mail, 1, $testmode));
        }
        return $mail;
    }

    /** A signed GET to the connector running the real policy pack (SPHERE_PACK_URL); the decoded answer. */
    protected function packGet($path)
    {
        $timestamp = (string) time();
        $nonce = bin2hex(random_bytes(16));
        $ch = curl_init(getenv('SPHERE_PACK_URL') . $path);
        curl_setopt_array($ch, array(CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => array(
            'X-Sphere-Timestamp: ' . $timestamp, 'X-Sphere-Nonce: ' . $nonce,
            'X-Sphere-Signature: ' . SphereClient::sign(getenv('SPHERE_PACK_SECRET'), 'GET', $path, $timestamp, $nonce, ''),
        )));
        $answer = curl_exec($ch);
        $status = curl_getinfo($ch, CURLINFO_HTTP_CODE);
        curl_close($ch);
        $this->assertLessThan(300, $status, (string) $answer);
        return json_decode($answer, true);
    }

    /** A signed POST to the connector running the real policy pack (SPHERE_PACK_URL), as SphereClient signs; the decoded answer. */
    protected function packPost($path, array $payload)
    {
        $body = json_encode($payload);
        $timestamp = (string) time();
        $nonce = bin2hex(random_bytes(16));
        $ch = curl_init(getenv('SPHERE_PACK_URL') . $path);
        curl_setopt_array($ch, array(CURLOPT_RETURNTRANSFER => true, CURLOPT_CUSTOMREQUEST => 'POST', CURLOPT_POSTFIELDS => $body, CURLOPT_HTTPHEADER => array(
            'Content-Type: application/json', 'X-Sphere-Timestamp: ' . $timestamp, 'X-Sphere-Nonce: ' . $nonce,
            'X-Sphere-Signature: ' . SphereClient::sign(getenv('SPHERE_PACK_SECRET'), 'POST', $path, $timestamp, $nonce, $body),
        )));
        $answer = curl_exec($ch);
        $status = curl_getinfo($ch, CURLINFO_HTTP_CODE);
        curl_close($ch);
        $this->assertLessThan(300, $status, (string) $answer);
        return json_decode($answer, true);
    }
}
