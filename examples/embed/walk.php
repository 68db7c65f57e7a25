<?php
// The README's walk in PHP, through the C ABI: load an SOP, drive one case, answer its decisions.
// Run: php -d include_path=<prefix>/share/sopengine/php walk.php sop-definitions/sidoarjo.xml
declare(strict_types=1);

require 'Sopengine.php';

use Sopengine\Definition;
use Sopengine\Instance;
use Sopengine\LoadException;

try {
    $sop = Definition::fromFile($argv[1] ?? 'sop-definitions/sidoarjo.xml');
} catch (LoadException $failed) {
    foreach ($failed->diagnostics as $problem) {
        fwrite(STDERR, "$problem\n");
    }
    exit(1);
}

$work = new Instance($sop);  // Monday to Friday, 08:00-16:00 WIB
$now = $work->calendar()->parse('2024-03-12T08:00');
$done = $work->start(array_key_first($sop->actors()), $now);
while ($done->accepted && ($step = $work->currentStep()) !== null) {
    $actor = $step->actors[0];
    $now = $work->due() ?? $now;  // every step takes exactly its standard time
    $done = $step->isDecision ? $work->answer($actor, true, $now) : $work->complete($actor, $now);
    printf("%3s  %-10s done %s\n", $step->id, $actor, $now->format(DATE_ATOM));
}
if (!$done->accepted) {
    fwrite(STDERR, "refused: {$done->message}\n");
}
printf("%s: %s\n", $sop->title(), $work->status() === Sopengine\Status::Completed ? 'completed' : 'not completed');
exit($done->accepted ? 0 : 1);
