<?php
/**
 * Thrown from before_save to stop a save. Carries the decision so handle_exception, the V8 API (400 detail) and
 * inline edit can all show the same localized text.
 */
class SphereBlockedException extends Exception
{
    /** @var SphereDecision */
    private $decision;
    /** @var string */
    private $module;
    /** @var string */
    private $recordId;
    /** @var bool */
    private $isNew;

    public function __construct(SphereDecision $decision, $module, $recordId, $isNew, $language)
    {
        parent::__construct($decision->blockText($language));
        $this->decision = $decision;
        $this->module = (string) $module;
        $this->recordId = (string) $recordId;
        $this->isNew = (bool) $isNew;
    }

    public function getDecision()
    {
        return $this->decision;
    }

    public function getModuleName()
    {
        return $this->module;
    }

    public function getRecordId()
    {
        return $this->recordId;
    }

    public function isNewRecord()
    {
        return $this->isNew;
    }
}
