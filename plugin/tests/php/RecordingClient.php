<?php
/** Keeps the events the plugin sends and the decisions the connector answers (single and batch requests). */
class RecordingClient extends SphereClient
{
    public $events = array();
    public $decisions = array();

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
}
