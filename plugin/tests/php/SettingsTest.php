<?php
require_once 'custom/modules/SpherePrivacy/SphereSettingsController.php';

/**
 * The settings page's two person settings: B2B contacts and the fields holding special categories of personal data
 * (GDPR Art. 9). Stored in the config table like the others; a bad mapping line is refused, naming the line, in the
 * user's language, and nothing is stored.
 */
class SettingsTest extends SphereTestCase
{
    const VALID = array('url' => 'http://127.0.0.1:8080', 'timeout' => '5', 'fail_mode' => 'closed', 'modules' => array('Contacts', 'Leads'));

    protected function studioFields()
    {
        return array(
            'Contact' => array('diagnosis_c' => array('type' => 'text'), 'religion_c' => array('type' => 'varchar')),
            'Lead' => array('union_member_c' => array('type' => 'bool')),
        );
    }

    /** The Administration module strings of a language, as SuiteCRM compiles the package's language extension. */
    private static function strings($language)
    {
        $mod_strings = array();
        include __DIR__ . '/../../package/ext/language/administration.' . $language . '.php';
        return $mod_strings;
    }

    private function stored()
    {
        $settings = (new Administration())->retrieveSettings('sphere')->settings;
        unset($settings['sphere']);
        return $settings;
    }

    public function testBothSettingsAreStoredInTheConfigTableAndReadBack()
    {
        $controller = new SphereSettingsController();
        $errors = $controller->save(self::VALID + array(
            'business_contacts' => '1',
            // blank lines, CRLF, spaces and a capitalised category are fine; fields of any person module
            'special_fields' => "diagnosis_c=health\r\n\r\n  religion_c =   Religious_Beliefs  \nunion_member_c = trade_union_membership\n",
        ), new Administration());
        $this->assertSame(array(), $errors);

        $stored = $this->stored();
        $this->assertSame('1', $stored['sphere_business_contacts']);
        $this->assertSame("diagnosis_c = health\nreligion_c = religious_beliefs\nunion_member_c = trade_union_membership", $stored['sphere_special_fields']);

        $config = SphereConfig::load();
        $this->assertTrue($config->businessContacts());
        $this->assertSame(array('diagnosis_c' => 'health', 'religion_c' => 'religious_beliefs', 'union_member_c' => 'trade_union_membership'), $config->specialCategoryFields());

        // both off again: the checkbox is not posted when unticked, an empty mapping maps nothing
        $this->assertSame(array(), $controller->save(self::VALID + array('special_fields' => ''), new Administration()));
        $config = SphereConfig::load();
        $this->assertFalse($config->businessContacts());
        $this->assertSame(array(), $config->specialCategoryFields());
    }

    public function testASecretWithHtmlCharactersIsReadBackAsTyped()
    {
        $secret = "s3cr&t<with>\"quotes\"'and'";
        $this->assertSame(array(), (new SphereSettingsController())->save(self::VALID + array('secret' => $secret), new Administration()));
        $this->assertSame($secret, SphereConfig::load()->secret());
    }

    public function testBusinessContactsAreOffByDefault()
    {
        $config = new SphereConfig(array());
        $this->assertFalse($config->businessContacts());
        $this->assertSame(array(), $config->specialCategoryFields());
    }

    public function testTheCategoriesAreTheArticle9ListInThePacksSpelling()
    {
        $this->assertSame(array('racial_or_ethnic_origin', 'political_opinions', 'religious_beliefs', 'trade_union_membership', 'genetic', 'biometric', 'health', 'sex_life_or_orientation'), SphereConfig::specialCategories());
        // the pack's consent purpose is "special_category_<category>": the scenario fixtures (S26: "health") must be mappable
        $seen = 0;
        foreach (glob(__DIR__ . '/../../../test/scenarios/fixtures/*.json') as $file) {
            $fixture = json_decode(file_get_contents($file), true);
            if (isset($fixture['event']['facts']['special_category'])) {
                foreach ((array) $fixture['event']['facts']['special_category'] as $category) {
                    $this->assertContains($category, SphereConfig::specialCategories(), basename($file));
                    $seen++;
                }
            }
        }
        $this->assertGreaterThan(0, $seen);
    }

    public function testBadLinesAreRefusedNamingTheLineAndNothingIsStored()
    {
        $controller = new SphereSettingsController();
        $admin = new Administration();
        $errors = $controller->save(self::VALID + array('business_contacts' => '1', 'special_fields' => implode("\n", array(
            'diagnosis_c = health',
            'religion_c: religious_beliefs',
            '',
            'religion_c = religion',
            'diagnosis_c = genetic',
            'diagnosys_c = health',
            'diagnosis_c = health, genetic',
        ))), $admin);
        $this->assertSame(array(
            array('LBL_SPHERE_ERR_SPECIAL_LINE', 2, 'religion_c: religious_beliefs'),
            array('LBL_SPHERE_ERR_SPECIAL_CATEGORY', 4, 'religion_c = religion', 'religion', implode(', ', SphereConfig::specialCategories())),
            array('LBL_SPHERE_ERR_SPECIAL_DUPLICATE', 5, 'diagnosis_c = genetic', 'diagnosis_c', 1),
            array('LBL_SPHERE_ERR_SPECIAL_FIELD', 6, 'diagnosys_c = health', 'diagnosys_c'),
            array('LBL_SPHERE_ERR_SPECIAL_LINE', 7, 'diagnosis_c = health, genetic'),
        ), $errors);
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM config'), 'nothing is stored, not even the valid settings');

        $this->assertSame(array(
            'Line 2 ("religion_c: religious_beliefs"): write one field per line as "field_name = category", e.g. "diagnosis_c = health".',
            'Line 4 ("religion_c = religion"): "religion" is not a special category of personal data. Use one of: racial_or_ethnic_origin, political_opinions, religious_beliefs, trade_union_membership, genetic, biometric, health, sex_life_or_orientation.',
            'Line 5 ("diagnosis_c = genetic"): the field diagnosis_c is already mapped in line 1.',
            'Line 6 ("diagnosys_c = health"): Contacts, Leads, Prospects and Accounts have no field diagnosys_c. Create it in Studio first, or correct the name.',
            'Line 7 ("diagnosis_c = health, genetic"): write one field per line as "field_name = category", e.g. "diagnosis_c = health".',
        ), $controller->errorMessages($errors, self::strings('en_us')));
        $german = $controller->errorMessages($errors, self::strings('de_DE'));
        $this->assertSame('Zeile 2 („religion_c: religious_beliefs“): Bitte je Zeile ein Feld als „feldname = kategorie“ angeben, z. B. „diagnosis_c = health“.', $german[0]);
        $this->assertSame('Zeile 4 („religion_c = religion“): „religion“ ist keine besondere Kategorie personenbezogener Daten. Zulässig sind: racial_or_ethnic_origin, political_opinions, religious_beliefs, trade_union_membership, genetic, biometric, health, sex_life_or_orientation.', $german[1]);
        $this->assertSame('Zeile 5 („diagnosis_c = genetic“): Das Feld diagnosis_c ist bereits in Zeile 1 zugeordnet.', $german[2]);
        $this->assertSame('Zeile 6 („diagnosys_c = health“): Contacts, Leads, Prospects und Accounts haben kein Feld diagnosys_c. Legen Sie es zuerst im Studio an oder korrigieren Sie den Namen.', $german[3]);
    }

    public function testAnUnknownCategoryAloneBlocksTheWholeSave()
    {
        $controller = new SphereSettingsController();
        $this->assertSame(array(), $controller->save(self::VALID + array('special_fields' => 'diagnosis_c = health'), new Administration()));
        $errors = $controller->save(array('url' => 'http://10.0.0.1:9', 'timeout' => '9', 'fail_mode' => 'open', 'business_contacts' => '1', 'special_fields' => "diagnosis_c = health\nreligion_c = faith"), new Administration());
        $this->assertSame(array(array('LBL_SPHERE_ERR_SPECIAL_CATEGORY', 2, 'religion_c = faith', 'faith', implode(', ', SphereConfig::specialCategories()))), $errors);
        $stored = $this->stored();
        $this->assertSame('http://127.0.0.1:8080', $stored['sphere_url'], 'the earlier settings stay');
        $this->assertSame('0', $stored['sphere_business_contacts']);
        $this->assertSame('diagnosis_c = health', $stored['sphere_special_fields']);
    }

    /** The page itself: the two settings with labels and help, a refused save shows the messages and keeps the typed lines. */
    private function renderPage(array $post, $language)
    {
        global $mod_strings, $current_user;
        $mod_strings = self::strings($language);
        $current_user = (object) array('id' => '1', 'user_name' => 'admin', 'is_admin' => true);
        $_POST = $post;
        ob_start();
        try {
            include 'custom/modules/Administration/SphereSettings.php';
        } finally {
            $html = ob_get_clean();
            $_POST = array();
        }
        return $html;
    }

    public function testThePageShowsTheSettingsAndARefusedSaveInTheUsersLanguage()
    {
        $html = $this->renderPage(array('sphere_action' => 'save', 'business_contacts' => '1', 'special_fields' => "diagnosis_c = health\nreligion_c = <script>faith") + self::VALID, 'de_DE');
        $this->assertStringContainsString('<p class="error">Zeile 2 („religion_c = &lt;script&gt;faith“): Bitte je Zeile ein Feld', $html);
        $this->assertStringContainsString('<br>Es wurde nichts gespeichert.</p>', $html);
        $this->assertStringContainsString('Geschäftskontakte (B2B)', $html);
        $this->assertStringContainsString('<input type="checkbox" id="sphere_business_contacts" name="business_contacts" value="1" checked>', $html, 'the refused form keeps what was typed');
        $this->assertStringContainsString(">diagnosis_c = health\nreligion_c = &lt;script&gt;faith</textarea>", $html);
        $this->assertStringContainsString('Felder mit besonderen Kategorien personenbezogener Daten (Art. 9 DSGVO)', $html);
        $this->assertStringContainsString('Kategorien: racial_or_ethnic_origin, political_opinions, religious_beliefs, trade_union_membership, genetic, biometric, health, sex_life_or_orientation (Art. 9 Abs. 1 DSGVO', $html);
        $this->assertStringNotContainsString('<script>', $html);
        $this->assertSame(0, $this->rowCount('SELECT COUNT(*) FROM config'));

        $html = $this->renderPage(array('sphere_action' => 'save', 'special_fields' => "religion_c=religious_beliefs") + self::VALID, 'en_us');
        $this->assertStringContainsString('<p class="success">Settings saved.</p>', $html);
        $this->assertStringContainsString('<input type="checkbox" id="sphere_business_contacts" name="business_contacts" value="1">', $html);
        $this->assertStringContainsString('>religion_c = religious_beliefs</textarea>', $html, 'the stored, normalised mapping');
        $this->assertStringContainsString('Business contacts (B2B)', $html);
        $this->assertStringContainsString('UWG §7(2) No. 1', $html);
    }

    public function testARefusedSaveShowsEverySettingAsTypedButNeverTheSecret()
    {
        $this->assertSame(array(), (new SphereSettingsController())->save(self::VALID + array('secret' => 'stored-secret'), new Administration()));
        $html = $this->renderPage(array(
            'sphere_action' => 'save', 'url' => 'ftp://typo.example', 'timeout' => '7', 'fail_mode' => 'open', 'modules' => array('Leads', 'Accounts'),
            'secret' => 'typed-secret', 'business_contacts' => '1', 'special_fields' => 'diagnosis_c = health',
        ), 'en_us');
        $this->assertStringContainsString('<p class="error">The connector URL must start with http:// or https://.', $html);
        $this->assertStringContainsString('<input name="url" size="60" value="ftp://typo.example">', $html, 'the refused URL, to correct it');
        $this->assertStringContainsString('<input name="timeout" size="5" value="7">', $html);
        $this->assertStringContainsString('<option value="open" selected>', $html);
        foreach (array('Contacts' => false, 'Leads' => true, 'Prospects' => false, 'Accounts' => true) as $module => $checked) {
            $this->assertStringContainsString('<input type="checkbox" name="modules[]" value="' . $module . '"' . ($checked ? ' checked' : '') . '>', $html, $module);
        }
        $this->assertStringContainsString('<input type="password" name="secret" autocomplete="new-password" value="" placeholder="', $html);
        $this->assertStringNotContainsString('typed-secret', $html);
        $this->assertStringNotContainsString('stored-secret', $html);
        $this->assertSame('http://127.0.0.1:8080', $this->stored()['sphere_url'], 'nothing was stored');

        // after a successful save (and on a plain visit) the page shows what is stored
        $html = $this->renderPage(array('sphere_action' => 'save') + self::VALID, 'en_us');
        $this->assertStringContainsString('<input name="url" size="60" value="http://127.0.0.1:8080">', $html);
        $this->assertStringContainsString('<option value="open">', $html);
        $this->assertStringContainsString('<input type="checkbox" name="modules[]" value="Contacts" checked>', $html);
    }
}
