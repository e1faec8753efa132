<?php
/** The connector could not be asked (down, timeout, 5xx, bad answer): callers apply the fail mode. */
class SphereUnavailableException extends Exception
{
}
