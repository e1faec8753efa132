<?php
/** Keeps the events the plugin sends and the decisions the connector answers (single and batch requests, plans). */
class RecordingClient extends SphereClient
{
    public $events = array();
    public $decisions = array();
    /** mailing.plan events and their answers */
    public $plans = array();
    public $planAnswers = array();

    public function decide(array $event)
    {
        $decision = parent::decide($event);
        $this->events[] = $event;
        $this->decisions[] = $decision;
        return $decision;
    }

    public function decideBatch(array $events)
    {
        $decisions = parent::decideBatch($events);
        array_push($this->events, ...$events);
        array_push($this->decisions, ...$decisions);
        return $decisions;
    }

    public function plan(array $event, $timeoutSeconds = 60)
    {
        $answer = parent::plan($event, $timeoutSeconds);
        $this->plans[] = $event;
        $this->planAnswers[] = $answer;
        return $answer;
    }
}
