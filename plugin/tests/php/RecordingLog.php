<?php
/** SuiteCRM's $GLOBALS['log'], keeping what was logged. */
class RecordingLog
{
    public $lines = array();

    public function __call($level, $args)
    {
        $this->lines[] = $level . ': ' . $args[0];
    }
}
