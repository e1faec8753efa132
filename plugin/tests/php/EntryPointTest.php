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

        foreach (array($other->id, 'no-such-record') as $recordId) {
            foreach (array('Asthma', 'Diabetes') as $guess) {
                list($status, $body) = $handler->handle(json_encode(array('module' => 'Contacts', 'record_id' => $recordId, 'fields' => array('diagnosis_c' => $guess))));
                $this->assertSame(403, $status, $recordId . ' / ' . $guess);
                $this->assertSame(array('error' => 'forbidden', 'message' => 'You may not edit this record, or it does not exist.'), $body);
            }
        }
        $this->assertSame(array(), $client->events, 'nothing was decided, so nothing can be told apart');
        $GLOBALS['current_language'] = 'de_DE';
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

    public function testNoEditAccessToTheModuleAnswers403InTheUsersLanguage()
    {
        ACLController::$levels['Contacts']['edit'] = ACL_ALLOW_NONE;
        $GLOBALS['current_language'] = 'de_DE';
        list($status, $body) = (new SphereEntryPointHandler())->handle(json_encode(array('module' => 'Contacts', 'fields' => array('last_name' => 'Neu'))));
        $this->assertSame(403, $status);
        $this->assertSame(array('error' => 'forbidden', 'message' => 'Sie dürfen in Contacts keine Datensätze bearbeiten.'), $body);
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
        $this->assertStringContainsString('401', $bad['error']);
    }
}
