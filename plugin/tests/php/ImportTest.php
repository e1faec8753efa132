<?php
require_once 'custom/modules/SpherePrivacy/SphereImporter.php';

/** Counts requests so the test can tell a chunk is decided in one batch, not row by row. */
class CountingClient extends SphereClient
{
    public $single = 0;
    public $batches = 0;

    public function decide(array $event)
    {
        $this->single++;
        return parent::decide($event);
    }

    public function decideBatch(array $events)
    {
        $this->batches++;
        return parent::decideBatch($events);
    }
}

class ImportTest extends SphereTestCase
{
    public function testBlockedRowGoesToTheErrorListAndTheRestIsImported()
    {
        $config = new SphereConfig(array('url' => getenv('SPHERE_URL'), 'secret' => getenv('SPHERE_SECRET')));
        $client = new CountingClient($config);
        SphereHooks::$guard = new SphereGuard($config, $client);
        $_REQUEST = array('module' => 'Import', 'action' => 'Step4', 'import_module' => 'Contacts', 'columncount' => 3, 'colnum_0' => 'first_name', 'colnum_1' => 'last_name', 'colnum_2' => 'email1');
        $rows = array(
            array('Anna', 'Good', 'anna@example.org'),
            array('Bert', 'DENY', 'bert@example.org'),
            array('Cleo', 'Fine', 'cleo@example.org'),
        );
        $source = new ImportFile($rows);
        (new SphereImporter($source, new Contact(), new ImportFile($rows)))->import();

        $this->assertSame(array('Fine', 'Good'), array_column($this->rows('SELECT last_name FROM contacts ORDER BY last_name'), 'last_name'));
        $this->assertCount(1, $source->errors);
        $this->assertStringContainsString('Sphere blocked this action: Rule test.marker_deny', $source->errors[0][0]);
        $this->assertSame(array('email1', 'bert@example.org', 2), array_slice($source->errors[0], 1));
        $this->assertSame(array(3, 1, 0, 2, 0, 'csv'), $source->status, 'rows, errors, dupes, created, updated');
        $this->assertSame(1, $client->batches);
        $this->assertSame(0, $client->single, 'import rows never go through the per-save hook');
        $this->assertSame(0, $this->rowCount("SELECT COUNT(*) FROM email_addresses WHERE email_address = 'bert@example.org'"));
    }

    public function testConnectorDownBlocksEveryRowWithTheUnavailableMessage()
    {
        $this->useConnector(getenv('SPHERE_DOWN_URL'));
        $_REQUEST = array('columncount' => 2, 'colnum_0' => 'first_name', 'colnum_1' => 'last_name');
        $source = new ImportFile(array(array('Anna', 'Good')));
        (new SphereImporter($source, new Contact(), new ImportFile(array(array('Anna', 'Good')))))->import();
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM contacts'));
        $this->assertStringContainsString('The privacy check could not run', $source->errors[0][0]);
    }
}
