<?php
require_once 'custom/modules/SpherePrivacy/SphereEntryPointHandler.php';
require_once 'custom/modules/SpherePrivacy/SphereSettingsController.php';

class EntryPointTest extends SphereTestCase
{
    protected function studioFields()
    {
        return array('Contact' => array('diagnosis_c' => array('type' => 'text')));
    }

    /** A contact assigned to a user, with a stored special-category value. */
    private function assignedContact($lastName, $userId)
    {
        $c = $this->contact($lastName);
        $c->assigned_user_id = $userId;
        $c->diagnosis_c = 'Asthma';
        $c->save();
        return $c;
    }

    /**
     * The dry run compares the form with the stored record: for a record the user may not edit, it would tell them
     * whether a guessed value is the stored one ("Asthma" → nothing, anything else → special_category). So the record
     * has to be one the user may edit (role "Owner": their own), and a missing one answers the same.
     */
    public function testTheHintAnswers403ForARecordTheUserMayNotEditOrThatDoesNotExist()
    {
        $client = $this->recordingGuard(array('special_fields' => 'diagnosis_c = health'));
        $own = $this->assignedContact('Eigen', '1');
        $other = $this->assignedContact('Fremd', '2');
        ACLController::$levels['Contacts']['edit'] = ACL_ALLOW_OWNER;
        $client->events = array();
        $handler = new SphereEntryPointHandler();
        $this->useLanguage('en_us');

        foreach (array($other->id, 'no-such-record') as $recordId) {
            foreach (array('Asthma', 'Diabetes') as $guess) {
                list($status, $body) = $handler->handle(json_encode(array('module' => 'Contacts', 'record_id' => $recordId, 'fields' => array('diagnosis_c' => $guess))));
                $this->assertSame(403, $status, $recordId . ' / ' . $guess);
                $this->assertSame(array('error' => 'forbidden', 'message' => 'You may not edit this record, or it does not exist.'), $body);
            }
        }
        $this->assertSame(array(), $client->events, 'nothing was decided, so nothing can be told apart');
        $this->useLanguage('de_DE');
        list($status, $body) = $handler->handle(json_encode(array('module' => 'Contacts', 'record_id' => $other->id, 'fields' => array())));
        $this->assertSame(403, $status);
        $this->assertSame('Sie dürfen diesen Datensatz nicht bearbeiten, oder es gibt ihn nicht.', $body['message']);

        // their own record, and a new one, are hinted as before
        list($status) = $handler->handle(json_encode(array('module' => 'Contacts', 'record_id' => $own->id, 'fields' => array('diagnosis_c' => 'Asthma'))));
        $this->assertSame(200, $status);
        $this->assertSame($own->id, end($client->events)['record_id']);
        list($status) = $handler->handle(json_encode(array('module' => 'Contacts', 'fields' => array('diagnosis_c' => 'Asthma'))));
        $this->assertSame(200, $status);
        // with edit access to all records (or as an administrator) the other record is hinted too
        ACLController::$levels['Contacts']['edit'] = ACL_ALLOW_ALL;
        list($status) = $handler->handle(json_encode(array('module' => 'Contacts', 'record_id' => $other->id, 'fields' => array('diagnosis_c' => 'Asthma'))));
        $this->assertSame(200, $status);
    }

    /** The user's language with the package's application labels and a translated module list, as SuiteCRM loads them. */
    private function useLanguage($language)
    {
        $GLOBALS['current_language'] = $language;
        $app_strings = array();
        $app_list_strings = array();
        include __DIR__ . '/../../package/ext/language/application.' . $language . '.php';
        $app_list_strings['moduleList'] = array('Contacts' => $language === 'de_DE' ? 'Kontakte' : 'Contacts');
        $GLOBALS['app_strings'] = $app_strings;
        $GLOBALS['app_list_strings'] = $app_list_strings;
    }

    protected function tearDown(): void
    {
        unset($GLOBALS['app_strings'], $GLOBALS['app_list_strings']);
        parent::tearDown();
    }

    /** The hint config the after_ui_frame hook injects into an EditView of this bean. */
    private function injectedConfig($bean)
    {
        $GLOBALS['current_view'] = (object) array('type' => 'edit', 'module' => 'Contacts', 'bean' => $bean);
        ob_start();
        (new SphereHooks())->injectHints('after_ui_frame', null);
        $html = ob_get_clean();
        unset($GLOBALS['current_view']);
        $this->assertSame(1, preg_match('/SphereHints\.init\((.*)\);<\/script>/', $html, $m), $html);
        return json_decode($m[1], true);
    }

    /**
     * "Duplicate" opens the EditView with the source record's bean (and id) and saves a new record: the hint must not
     * compare the copied special-category value with the source, where it would look unchanged.
     */
    public function testADuplicateIsHintedAsANewRecord()
    {
        $this->recordingGuard(array('special_fields' => 'diagnosis_c = health'));
        $source = $this->assignedContact('Quelle', '1');
        $this->assertSame($source->id, $this->injectedConfig($source)['record']);
        $_REQUEST['isDuplicate'] = 'true';
        $this->assertSame('', $this->injectedConfig($source)['record']);
    }

    public function testNoEditAccessToTheModuleAnswers403InTheUsersLanguage()
    {
        ACLController::$levels['Contacts']['edit'] = ACL_ALLOW_NONE;
        $this->useLanguage('de_DE');
        list($status, $body) = (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'fields' => array('last_name' => 'Neu'))));
        $this->assertSame(403, $status);
        $this->assertSame(array('error' => 'forbidden', 'message' => 'Sie dürfen in Kontakte keine Datensätze bearbeiten.'), $body, 'the label, with the translated module name');
        $this->useLanguage('en_us');
        list(, $body) = (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'fields' => array('last_name' => 'Neu'))));
        $this->assertSame('You may not edit records in Contacts.', $body['message']);
    }

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
        $this->assertSame('connector answered 401: unauthorized: signature does not match the request', $bad['error']);
        $this->assertSame('LBL_SPHERE_TEST_SECRET', $bad['cause']);
    }

    public function testAFailedConnectionTestSaysWhatToFixInTheUsersLanguage()
    {
        $controller = new SphereSettingsController();
        $unreachable = $controller->testConnection(new SphereConfig(array('url' => 'http://127.0.0.1:1', 'secret' => 's3cret')));
        $this->assertSame('LBL_SPHERE_TEST_UNREACHABLE', $unreachable['cause']);
        $this->assertStringStartsWith('connector not reachable: ', $unreachable['error']);
        $unset = $controller->testConnection(new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => '')));
        $this->assertSame('LBL_SPHERE_TEST_NOT_CONFIGURED', $unset['cause']);

        // the connector's reason codes of a 401, and a connector that cannot decide
        $refused = function ($status, $answer) {
            return SphereSettingsController::failureCause(new SphereUnavailableException('connector answered ' . $status, $status, $answer));
        };
        $this->assertSame('LBL_SPHERE_TEST_CLOCK', $refused(401, array('error' => 'unauthorized', 'reason_code' => 'stale_timestamp')));
        $this->assertSame('LBL_SPHERE_TEST_REFUSED', $refused(401, array('error' => 'unauthorized', 'reason_code' => 'missing_headers')));
        $this->assertSame('LBL_SPHERE_TEST_REFUSED', $refused(401, null));
        $this->assertSame('LBL_SPHERE_TEST_UNAVAILABLE', $refused(503, array('outcome' => 'unchecked')));
        $this->assertSame('', $refused(500, array('outcome' => 'unchecked')), 'no advice where only the details can tell');

        $strings = array();
        foreach (array('de_DE', 'en_us') as $language) {
            $mod_strings = array();
            include __DIR__ . '/../../package/ext/language/administration.' . $language . '.php';
            $strings[$language] = $mod_strings;
        }
        $this->assertSame(
            'Verbindung fehlgeschlagen: Unter dieser URL antwortet kein Connector. Prüfen Sie die URL, ob der Connector läuft und ob dieser Server ihn erreichen darf (Firewall, Proxy). (' . $unreachable['error'] . ')',
            $controller->testFailureText($unreachable, $strings['de_DE'])
        );
        $clock = array('ok' => false, 'revision' => '', 'error' => 'connector answered 401: unauthorized: timestamp outside the allowed window of ±300 s (off by 900 s)', 'cause' => 'LBL_SPHERE_TEST_CLOCK');
        $this->assertStringStartsWith('Connection failed: The connector rejected the time of the request: the clocks of this server and the connector differ', $controller->testFailureText($clock, $strings['en_us']));
        $this->assertStringEndsWith('(off by 900 s))', $controller->testFailureText($clock, $strings['en_us']));
        foreach (array('NOT_CONFIGURED', 'UNREACHABLE', 'SECRET', 'CLOCK', 'REFUSED', 'UNAVAILABLE') as $cause) {
            foreach ($strings as $language => $texts) {
                $this->assertNotEmpty($texts['LBL_SPHERE_TEST_' . $cause] ?? '', $language . ' ' . $cause);
            }
        }
        $this->assertSame('Connection failed: (connector answered 500: internal_error)', $controller->testFailureText(array('error' => 'connector answered 500: internal_error', 'cause' => ''), $strings['en_us']));
    }
}
