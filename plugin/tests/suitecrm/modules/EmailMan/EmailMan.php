<?php
/** Stand-in of modules/EmailMan/EmailMan.php (7.14.6): sendEmail() check order and set_as_sent() as in §3.2. */
class EmailMan extends SugarBean
{
    public $module_dir = 'EmailMan';
    public $table_name = 'emailman';
    public $campaign_id;
    public $marketing_id;
    public $list_id;
    public $related_id;
    public $related_type;
    public $send_attempts = 0;
    public $test = false;

    public function sendEmail(SugarPHPMailer $mail, $save_emails = 1, $testmode = false)
    {
        $this->test = $testmode;
        $module = BeanFactory::getBean($this->related_type, $this->related_id);
        if (!$module || empty($module->email1)) {
            $this->set_as_sent('', true, null, null, 'send error');
            return true;
        }
        if ($this->shouldBlockEmail($module)) {
            $this->set_as_sent($module->email1, true, null, null, 'blocked');
            return true;
        }
        $dup = $this->db->getOne('SELECT id FROM campaign_log WHERE more_information = ' . $this->db->quoted($module->email1) . ' AND marketing_id = ' . $this->db->quoted($this->marketing_id));
        if ($dup) {
            $this->set_as_sent($module->email1, true, null, null, 'blocked');
            return true;
        }
        $mail->sent[] = $module->email1;
        $this->set_as_sent($module->email1, true, create_guid(), 'Emails', 'targeted');
        return true;
    }

    protected function shouldBlockEmail(SugarBean $bean)
    {
        $optOut = $this->db->getOne('SELECT ea.opt_out FROM email_addr_bean_rel r JOIN email_addresses ea ON ea.id = r.email_address_id WHERE r.bean_id = '
            . $this->db->quoted($bean->id) . ' AND r.primary_address = 1 AND r.deleted = 0');
        return (bool) $optOut;
    }

    public function set_as_sent($email_address, $delete = true, $email_id = null, $email_type = null, $activity_type = null, $resend_type = null)
    {
        $this->send_attempts++;
        if ($delete || $this->send_attempts > 5) {
            $log = BeanFactory::newBean('CampaignLog');
            $log->campaign_id = $this->campaign_id;
            $log->target_id = $this->related_id;
            $log->target_type = $this->related_type;
            $log->marketing_id = $this->marketing_id;
            $log->more_information = $this->test ? null : $email_address;
            $log->activity_type = $activity_type;
            $log->activity_date = gmdate('Y-m-d H:i:s');
            $log->list_id = $this->list_id;
            $log->related_id = $email_id;
            $log->related_type = $email_type;
            $log->save();
            $this->db->query('DELETE FROM emailman WHERE id = ' . (int) $this->id);
        } else {
            $this->db->query("UPDATE emailman SET in_queue = '1', send_attempts = " . (int) $this->send_attempts . ' WHERE id = ' . (int) $this->id);
        }
    }
}
