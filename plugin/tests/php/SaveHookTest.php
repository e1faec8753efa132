<?php
/** before_save against a real connector: the marker policy denies any input containing "DENY". */
class SaveHookTest extends SphereTestCase
{
    public function testAllowedSaveIsStored()
    {
        $c = $this->contact('Muster', 'erika@example.org');
        $c->save();
        $this->assertSame(1, $this->rowCount("SELECT COUNT(*) FROM contacts WHERE last_name = 'Muster'"));
        $this->assertSame(1, $this->rowCount("SELECT COUNT(*) FROM email_addr_bean_rel WHERE bean_id = '" . $c->id . "' AND deleted = 0"));
    }

    public function testBlockedNewRecordLeavesNoTrace()
    {
        $c = $this->contact('DENY', 'new-person@example.org');
        $c->account_id = 'account-1';
        try {
            $c->save();
            $this->fail('blocked save went through');
        } catch (SphereBlockedException $e) {
            $this->assertStringContainsString('Rule test.marker_deny (GDPR Art. 6(1)) — Hint', $e->getMessage());
            $this->assertTrue($e->isNewRecord());
        }
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM contacts'));
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM email_addr_bean_rel'));
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM email_addresses'));
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM accounts_contacts'));
    }

    public function testBlockedUpdateRestoresEmailAndRelationshipRows()
    {
        $c = $this->contact('Muster', 'kept@example.org');
        $c->account_id = 'account-1';
        $c->save();
        $emailsBefore = $this->rows('SELECT * FROM email_addresses ORDER BY id');
        $relBefore = $this->rows('SELECT * FROM email_addr_bean_rel ORDER BY id');
        $accountsBefore = $this->rows('SELECT * FROM accounts_contacts ORDER BY id');

        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->last_name = 'DENY';
        $edit->account_id = 'account-2';
        $edit->emailAddress->addAddress('kept@example.org', true, false, false, true);
        $edit->emailAddress->addAddress('added@example.org');
        try {
            $edit->save();
            $this->fail('blocked save went through');
        } catch (SphereBlockedException $e) {
            $this->assertFalse($e->isNewRecord());
        }
        $this->assertSame($emailsBefore, $this->rows('SELECT * FROM email_addresses ORDER BY id'), 'opt-out flag and new address reverted');
        $this->assertSame($relBefore, $this->rows('SELECT * FROM email_addr_bean_rel ORDER BY id'));
        $this->assertSame($accountsBefore, $this->rows('SELECT * FROM accounts_contacts ORDER BY id'));
        $this->assertSame('Muster', $GLOBALS['db']->getOne("SELECT last_name FROM contacts WHERE id = '" . $c->id . "'"));
    }

    public function testApprovalOutcomeBlocksWithTheApprovalReason()
    {
        try {
            $this->contact('APPR')->save();
            $this->fail('save needing approval went through');
        } catch (SphereBlockedException $e) {
            $this->assertSame('approval', $e->getDecision()->outcome());
            $this->assertStringContainsString('DPO approval needed', $e->getMessage());
        }
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM contacts'));
    }

    public function testClassicUiGetsEscapedGermanMessageAndRedirectBack()
    {
        $c = $this->contact('Muster');
        $c->save();
        $GLOBALS['current_language'] = 'de_DE';
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->last_name = '<b>DENY</b>';
        try {
            $edit->save();
            $this->fail('blocked save went through');
        } catch (SphereBlockedException $e) {
            try {
                (new SphereHooks())->onException($edit, 'handle_exception', $e);
                $this->fail('no redirect');
            } catch (SugarRedirect $redirect) {
                $this->assertSame('index.php?module=Contacts&action=DetailView&record=' . $c->id, $redirect->getMessage());
            }
        }
        $this->assertCount(1, $_SESSION['user_error_message']);
        $this->assertStringContainsString('Sphere hat das Speichern verhindert: Regel test.marker_deny (GDPR Art. 6(1)) — Hinweis', $_SESSION['user_error_message'][0]);
        $this->assertMatchesRegularExpression('/— Hinweis \(Sphere-Entscheidung [0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\)$/', $_SESSION['user_error_message'][0], 'the logged decision\'s reference');
    }

    public function testInlineEditShowsMessageInTheCell()
    {
        $_REQUEST = array('module' => 'Home', 'action' => 'saveHTMLField');
        $c = $this->contact('DENY');
        try {
            $c->save();
            $this->fail('blocked save went through');
        } catch (SphereBlockedException $e) {
            ob_start();
            (new SphereHooks())->onException('handle_exception', $e);
            $html = ob_get_clean();
            $this->assertStringStartsWith('<span class="error sphere-blocked">Sphere blocked this action: Rule test.marker_deny', $html);
        }
    }

    public function testV8ApiGetsTheDecisionTextAndNoRedirect()
    {
        $_SERVER['REQUEST_URI'] = '/Api/V8/module';
        $c = $this->contact('DENY');
        try {
            $c->save();
            $this->fail('blocked save went through');
        } catch (SphereBlockedException $e) {
            $this->assertStringStartsWith('Sphere blocked this action: Rule test.marker_deny', $e->getMessage());
            $this->assertStringEndsWith(' (Sphere decision ' . $e->getDecision()->decisionId() . ')', $e->getMessage());
            $this->assertSame(36, strlen($e->getDecision()->decisionId()));
            (new SphereHooks())->onException('handle_exception', $e);
            $this->assertArrayNotHasKey('user_error_message', $_SESSION);
        }
    }

    public function testMassUpdateSkipsTheBlockedRecordAndListsIt()
    {
        $c = $this->contact('Muster');
        $c->save();
        $_REQUEST = array('module' => 'Contacts', 'action' => 'MassUpdate', 'massupdate' => 'true');
        $edit = BeanFactory::getBean('Contacts', $c->id);
        $edit->last_name = 'DENY';
        $edit->save();
        $this->assertSame('Muster', $GLOBALS['db']->getOne("SELECT last_name FROM contacts WHERE id = '" . $c->id . "'"));
        $this->assertStringContainsString('Contacts &quot;Erika Muster&quot;: Sphere blocked this action', $_SESSION['user_error_message'][0]);
    }

    public function testWarnedSaveIsStoredAndWarningShownOnNextPage()
    {
        $this->useConnector(getenv('SPHERE_WARN_URL'), array('secret' => getenv('SPHERE_WARN_SECRET')));
        $c = $this->contact('Muster');
        $c->save();
        $this->assertSame(1, $this->rowCount('SELECT COUNT(*) FROM contacts'));
        $this->assertSame(array('Privacy note: Rule test.warning (GDPR Art. 6(1)) — Hint'), $_SESSION['user_success_message']);
    }

    public function testTimeoutFailsClosed()
    {
        $this->useConnector(getenv('SPHERE_SLOW_URL'), array('timeout' => '1'));
        $c = $this->contact('Muster', 'slow@example.org');
        try {
            $c->save();
            $this->fail('save went through without a check');
        } catch (SphereBlockedException $e) {
            $this->assertStringContainsString('The privacy check could not run', $e->getMessage());
        }
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM contacts'));
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM email_addr_bean_rel'));
    }

    public function testConnectorDownFailsClosed()
    {
        $this->useConnector(getenv('SPHERE_DOWN_URL'));
        $this->expectException(SphereBlockedException::class);
        $this->expectExceptionMessage('The privacy check could not run');
        $this->contact('Muster')->save();
    }

    public function testFailOpenQueuesTheEventAndTheSchedulerReplaysIt()
    {
        $queueFile = sys_get_temp_dir() . '/sphere-queue-' . getmypid() . '/unchecked.jsonl';
        $this->useConnector(getenv('SPHERE_DOWN_URL'), array('fail_mode' => 'open', 'queue_file' => $queueFile));
        $this->contact('Muster', 'open@example.org')->save();
        $this->assertSame(1, $this->rowCount('SELECT COUNT(*) FROM contacts'));
        $queue = new SphereQueue($queueFile);
        $this->assertCount(1, $queue->pending());
        $this->assertSame('Muster', $queue->pending()[0]['record']['last_name']);

        require_once 'custom/modules/SpherePrivacy/SphereReplayJob.php';
        $this->assertFalse(sphereReplayUncheckedJob(), 'replay fails while the connector is down');
        $this->assertCount(1, $queue->pending());
        $this->useConnector(getenv('SPHERE_URL'), array('fail_mode' => 'open', 'queue_file' => $queueFile));
        $this->assertTrue(sphereReplayUncheckedJob());
        $this->assertCount(0, $queue->pending());
        unlink($queueFile);
        unlink($queueFile . '.replaying');
        rmdir(dirname($queueFile));
    }
}
