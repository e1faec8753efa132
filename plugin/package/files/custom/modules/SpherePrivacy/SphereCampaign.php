<?php
require_once __DIR__ . '/SphereEventBuilder.php';

/**
 * What a campaign e-mail tells the connector about the campaign and its recipients, and who a campaign would mail.
 * Shared by the send (SphereEmailMan, per queue row) and the pre-send check (SpherePlan, the whole campaign), so the
 * what-if is decided on exactly the facts the send will be.
 */
class SphereCampaign
{
    /** Joins the members (plp) to listsQuery()'s lists. */
    const MEMBERS_JOIN = ' INNER JOIN prospect_lists_prospects plp ON plp.prospect_list_id = pl.id AND plp.deleted = 0';

    /**
     * The campaign as the policies see it. Its purpose is the campaign's "Sphere: consent purpose" (sphere_purpose_c, a
     * key of sphere_campaign_purpose_list), matched against the purposes people consented to. Never the free-text
     * objective: a campaign without a purpose sends '' and no consent covers it, so consent-based recipients are blocked.
     * own_similar_products and objection_notice_each_mail are the campaign's UWG §7(3) Nr. 2 and Nr. 4 declarations, the
     * checkboxes sphere_own_similar_c and sphere_objection_notice_c; the existing-customer exception needs both.
     * @param string $campaignId
     * @param bool $testmode a test send (only the campaign's test lists)
     */
    public static function facts($campaignId, $testmode)
    {
        $campaign = BeanFactory::getBean('Campaigns', $campaignId);
        return array(
            'id' => (string) $campaignId,
            'name' => $campaign && isset($campaign->name) ? (string) $campaign->name : '',
            'channel' => 'email',
            'purpose' => $campaign && isset($campaign->sphere_purpose_c) ? (string) $campaign->sphere_purpose_c : '',
            'content_type' => 'advertising',
            'audience' => 'one_to_many',
            'tracking' => array('open_pixel' => true, 'per_recipient_links' => true),
            'sender' => 'own',
            'test_send' => (bool) $testmode,
            'own_similar_products' => self::ticked($campaign, 'sphere_own_similar_c'),
            'objection_notice_each_mail' => self::ticked($campaign, 'sphere_objection_notice_c'),
        );
    }

    /**
     * Facts about one recipient (person_type from the B2B setting), as the send adds them per queue row.
     * @param SugarBean|false|null $target the recipient's record
     */
    public static function recipientFacts(SphereConfig $config, $target)
    {
        return SphereEventBuilder::personFactsOf($config, $target);
    }

    /**
     * A campaign checkbox as a bool. SuiteCRM reads a ticked one as '1' and an unticked one as '0' (or '' when the campaign
     * has no campaigns_cstm row yet, as every campaign from before the install). A declaration only counts when it is
     * clearly ticked ('1', or a word the import wizard reads as ticked): any other value is false, the stricter case.
     */
    public static function ticked($campaign, $field)
    {
        if (!$campaign || !isset($campaign->$field)) {
            return false;
        }
        $value = $campaign->$field;
        if (is_bool($value)) {
            return $value;
        }
        return in_array(strtolower(trim((string) $value)), array('1', 'yes', 'y', 'on', 'true'), true);
    }

    /**
     * Who QueueCampaign (§3.1) would queue for the campaign: the members of its target lists (prospect_list_campaigns)
     * whose list_type is neither 'test' nor 'exempt…' (a test send: only lists of type 'test'), minus everyone on one of
     * its suppression lists by id (list_type 'exempt'). Deleted link rows, lists and list links do not count; each
     * (module, id) once, in the order of module and id. Members of the guarded modules must exist and not be deleted
     * (nobody can be mailed from a deleted record); other modules (Users, an unguarded module) are kept as they are,
     * the send does not ask Sphere about them.
     * Each carries the primary e-mail address the send would use (null without one), for SphereSuppression.
     * @return array[] list of array('module' => ..., 'id' => ..., 'address' => array|null)
     */
    public static function recipients($campaignId, $testmode, SphereConfig $config)
    {
        $db = $GLOBALS['db'];
        $types = $testmode ? "pl.list_type = 'test'" : "pl.list_type <> 'test' AND pl.list_type NOT LIKE 'exempt%'";
        $exempt = array();
        foreach (self::members($campaignId, "pl.list_type = 'exempt'") as $row) {
            $exempt[$row['related_type'] . "\n" . $row['related_id']] = true;
        }
        $people = array();
        foreach (self::members($campaignId, $types) as $row) {
            $key = $row['related_type'] . "\n" . $row['related_id'];
            if ($row['related_id'] === '' || isset($exempt[$key]) || isset($people[$key])) {
                continue;
            }
            $people[$key] = array('module' => (string) $row['related_type'], 'id' => (string) $row['related_id'], 'address' => $row['address']);
        }
        // drop deleted or missing records of the guarded modules, a chunk of ids per query
        $byModule = array();
        foreach ($people as $key => $p) {
            if ($config->isGuarded($p['module'])) {
                $byModule[$p['module']][] = $p['id'];
            }
        }
        foreach ($byModule as $module => $ids) {
            $bean = BeanFactory::newBean($module);
            $live = array();
            foreach (array_chunk($ids, 500) as $chunk) {
                $result = $db->query('SELECT id FROM ' . $bean->table_name . ' WHERE deleted = 0 AND id IN ('
                    . implode(', ', array_map(array($db, 'quoted'), $chunk)) . ')');
                while ($result && ($row = $db->fetchByAssoc($result, false))) {
                    $live[(string) $row['id']] = true;
                }
            }
            foreach ($ids as $id) {
                if (!isset($live[$id])) {
                    unset($people[$module . "\n" . $id]);
                }
            }
        }
        return array_values($people);
    }

    /**
     * The not deleted members of the campaign's not deleted lists matching $listTypes (SQL on prospect_lists pl), each
     * with its primary address as EmailMan::sendEmail() finds it: the not deleted primary link (is_primary_email_address(),
     * shouldBlockEmail() do not look at email_addresses.deleted either).
     */
    private static function members($campaignId, $listTypes)
    {
        $db = $GLOBALS['db'];
        $result = $db->query(self::listsQuery('plp.related_type, plp.related_id, ea.email_address, ea.opt_out, ea.invalid_email, ea.confirm_opt_in', $campaignId, $listTypes,
            self::MEMBERS_JOIN . ' LEFT JOIN email_addr_bean_rel ear ON ear.bean_id = plp.related_id AND ear.bean_module = plp.related_type'
            . ' AND ear.primary_address = 1 AND ear.deleted = 0 LEFT JOIN email_addresses ea ON ea.id = ear.email_address_id')
            . ' ORDER BY plp.related_type, plp.related_id');
        $rows = array();
        while ($result && ($row = $db->fetchByAssoc($result, false))) {
            $address = $row['email_address'] === null ? null : array('email_address' => (string) $row['email_address'], 'opt_out' => (int) $row['opt_out'],
                'invalid_email' => (int) $row['invalid_email'], 'confirm_opt_in' => (string) $row['confirm_opt_in']);
            $rows[] = array('related_type' => (string) $row['related_type'], 'related_id' => (string) $row['related_id'], 'address' => $address);
        }
        return $rows;
    }

    /**
     * SELECT $select over the campaign's not deleted lists (pl) whose not deleted link (plc) matches $listTypes (SQL on
     * pl), with $joins, as QueueCampaign and EmailManDelivery read a campaign's lists.
     */
    public static function listsQuery($select, $campaignId, $listTypes, $joins = '')
    {
        return 'SELECT ' . $select . ' FROM prospect_list_campaigns plc'
            . ' INNER JOIN prospect_lists pl ON pl.id = plc.prospect_list_id AND pl.deleted = 0' . $joins
            . ' WHERE plc.campaign_id = ' . $GLOBALS['db']->quoted($campaignId) . ' AND plc.deleted = 0 AND ' . $listTypes;
    }

    /**
     * The campaign's not deleted e-mail marketings, newest first: id => name. Each send is one of them, and core's
     * duplicate check is per marketing.
     */
    public static function marketings($campaignId)
    {
        $db = $GLOBALS['db'];
        $result = $db->query('SELECT id, name FROM email_marketing WHERE campaign_id = ' . $db->quoted($campaignId)
            . ' AND deleted = 0 ORDER BY date_entered DESC, id');
        $marketings = array();
        while ($result && ($row = $db->fetchByAssoc($result, false))) {
            $marketings[(string) $row['id']] = (string) $row['name'];
        }
        return $marketings;
    }
}
