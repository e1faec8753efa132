<?php
require_once 'custom/modules/SpherePrivacy/SphereEntryPointHandler.php';
require_once 'custom/modules/SpherePrivacy/SphereSettingsController.php';

class EntryPointTest extends SphereTestCase
{
    public function testDryRunFindingsAreKeyedByFieldInTheUsersLanguage()
    {
        $GLOBALS['current_language'] = 'de_DE';
        list($status, $body) = (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'fields' => array('last_name' => 'DENY'))));
        $this->assertSame(200, $status);
        $this->assertTrue($body['blocked']);
        $this->assertSame(array(array('kind' => 'violation', 'fields' => array('email1'), 'text' => 'Regel test.marker_deny (GDPR Art. 6(1)) — Hinweis')), $body['findings']);
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM contacts'));
    }

    public function testBadInputIsRejectedWithAClearError()
    {
        list($status, $body) = (new SphereEntryPointHandler())->handle('not json');
        $this->assertSame(400, $status);
        $this->assertSame('bad_request', $body['error']);
        list($status, $body) = (new SphereEntryPointHandler())->handle('{"module":"Users"}');
        $this->assertSame(400, $status);
        $this->assertSame('module Users is not guarded by Sphere', $body['message']);
    }

    public function testSettingsValidateKeepTheSecretAndTestConnectionShowsTheRevision()
    {
        $admin = new Administration();
        $controller = new SphereSettingsController();
        $this->assertSame(array('LBL_SPHERE_ERR_URL', 'LBL_SPHERE_ERR_TIMEOUT', 'LBL_SPHERE_ERR_FAIL_MODE'), $controller->save(array('url' => 'ftp://x', 'timeout' => '0', 'fail_mode' => 'maybe'), $admin));
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM config'), 'bad input changes nothing');
        $this->assertSame(array(), $controller->save(array('url' => 'http://127.0.0.1:1', 'timeout' => '3', 'fail_mode' => 'open', 'modules' => array('Contacts', 'Users'), 'secret' => 's3cret'), $admin));
        $this->assertSame(array(), $controller->save(array('url' => 'http://127.0.0.1:1', 'timeout' => '3', 'fail_mode' => 'open', 'modules' => array('Contacts'), 'secret' => ''), $admin));
        $stored = (new Administration())->retrieveSettings('sphere')->settings;
        $this->assertSame('s3cret', $stored['sphere_secret'], 'a blank secret keeps the stored one');
        $this->assertSame('Contacts', $stored['sphere_modules']);

        $ok = $controller->testConnection(new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET'))));
        $this->assertTrue($ok['ok'], $ok['error']);
        $this->assertSame(getenv('SPHERE_REVISION'), $ok['revision']);
        $bad = $controller->testConnection(new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => 'wrong')));
        $this->assertFalse($bad['ok']);
        $this->assertStringContainsString('401', $bad['error']);
    }
}
