<?php
require_once __DIR__ . '/SphereHooks.php';

/** Scheduler job body: replays events that fail-open mode let through unchecked. Truthy return = job success. */
function sphereReplayUncheckedJob($job = null)
{
    $guard = SphereHooks::guard();
    $queue = new SphereQueue($guard->config()->queueFile());
    try {
        $count = $queue->replay($guard->client(), $guard->config());
        SphereGuard::log('info', 'Sphere: replayed ' . $count . ' unchecked event(s)');
        return true;
    } catch (SphereUnavailableException $e) {
        SphereGuard::log('error', 'Sphere: replay of unchecked events failed, will retry: ' . $e->getMessage());
        return false;
    }
}
