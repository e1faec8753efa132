<?php
/** The connector could not be asked (down, timeout, 5xx, bad answer): callers apply the fail mode. */
class SphereUnavailableException extends Exception
{
    /** Codes of failures before any HTTP answer; otherwise the code is the connector's HTTP status (0: no status). */
    const NOT_CONFIGURED = -1;
    const UNREACHABLE = -2;

    /** @var array|null the connector's JSON answer, when it sent one */
    private $answer;

    public function __construct($message, $code = 0, $answer = null)
    {
        parent::__construct($message, $code);
        $this->answer = is_array($answer) ? $answer : null;
    }

    /** Why the connector refused, for machines (e.g. "bad_signature" on a 401), or '' when it did not say. */
    public function reasonCode()
    {
        return isset($this->answer['reason_code']) && is_string($this->answer['reason_code']) ? $this->answer['reason_code'] : '';
    }
}
