<?php
// The PHP class over the C ABI: loading with diagnostics, refusals that change nothing, times
// in the calendar's offset, history, copies, snapshots, separation of duties and calendar files.
// Exits 1 on the first failed check. Run with the include_path holding Sopengine.php and
// SOPENGINE_C_LIBRARY set; argv[1] is the folder of the shipped SOPs, argv[2] tests/data.
declare(strict_types=1);

require 'Sopengine.php';

use Sopengine\Calendar;
use Sopengine\Definition;
use Sopengine\Instance;
use Sopengine\LoadException;
use Sopengine\SopException;
use Sopengine\Status;

$definitions = $argv[1];
$testData = $argv[2];
$checks = 0;

function check(bool $holds, string $what): void
{
    global $checks;
    ++$checks;
    if (!$holds) {
        fwrite(STDERR, "FAILED: $what\n");
        exit(1);
    }
}

function throws(callable $call, string $class): ?\Throwable
{
    try {
        $call();
    } catch (\Throwable $thrown) {
        return $thrown instanceof $class ? $thrown : null;
    }
    return null;
}

// Loading: the identity header, steps, and a LoadException with every diagnostic.
$sop = Definition::fromFile("$definitions/sidoarjo.xml");
check($sop->id() === 'sidoarjo-setda-pengumpulan-data-kinerja', 'the id');
check($sop->header('number') === '065/438.1/SOP/135', 'the number');
check(count($sop->steps()) === 10 && $sop->step('8')->isDecision, 'the steps');
check($sop->step('99') === null, 'no step 99');
check(array_key_first($sop->actors()) === 'sekda', 'the first actor');
check(str_starts_with($sop->toDot(), 'digraph') && str_contains($sop->toHtml(), $sop->title()), 'renderings');
check(throws(fn () => $sop->header('nothing'), SopException::class) !== null, 'an unknown header key throws');

$broken = <<<XML
<?xml version="1.0" encoding="UTF-8"?>
<sop format="1" id="broken">
  <identity><unit>U</unit><number>1</number><title>T</title><approved-by position="P"/></identity>
  <actors><actor id="staf">Staf</actor></actors>
  <procedure>
    <activity id="1" actor="kabag" next="end"><description>D</description></activity>
  </procedure>
</sop>
XML;
$failed = throws(fn () => Definition::fromString($broken, 'broken.xml'), LoadException::class);
check($failed !== null, 'a broken SOP throws LoadException');
$unknown = array_values(array_filter($failed->diagnostics, fn ($d) => $d->code === 'unknown-actor'));
check(count($unknown) === 1 && $unknown[0]->isError && $unknown[0]->file === 'broken.xml' && $unknown[0]->line === 6, 'the unknown actor, located');
check(str_contains($failed->getMessage(), 'broken.xml:6:'), 'the message lists the errors');
check(throws(fn () => Definition::fromFile('/nonexistent.xml'), LoadException::class) !== null, 'a missing file');

// A case: times in the calendar's offset, refusals that change nothing.
$work = new Instance($sop);
$monday = $work->calendar()->parse('2024-03-12T08:00');
check($work->status() === Status::NotStarted && $work->currentStep() === null && $work->due() === null, 'not started');
check($work->start('sekda', $monday)->accepted, 'start');
check($work->due()->format(DATE_ATOM) === '2024-03-12T09:00:00+07:00', 'the due time in WIB');
check($work->actorsNow() === ['sekda'], 'who acts now');
$before = $work->snapshot();
$refused = $work->complete('kabag', $monday);
check(!$refused->accepted && $refused->codeName === 'not_your_turn' && str_contains($refused->message, 'sekda'), 'not your turn');
check($work->complete('nobody', $monday)->codeName === 'unknown_actor', 'unknown actor');
check($work->answer('sekda', true, $monday)->codeName === 'step_is_activity', 'an answer at an activity');
check($work->cancel('sekda', '', $monday)->codeName === 'missing_reason', 'a cancel without a reason');
check($work->snapshot() === $before, 'refusals changed nothing');
$inUtc = new DateTimeImmutable('2024-03-12T02:00:00Z');
check($work->complete('sekda', $inUtc)->accepted, 'a time in another zone is the same instant');
[$record] = $work->history();
check($record->step === '1' && $record->actor === 'sekda' && $record->answer === null && $record->onTime, 'the history');
check($record->finished->format(DATE_ATOM) === '2024-03-12T09:00:00+07:00', 'history times in WIB');

// Copies are independent; snapshots restore; decisions.
$copy = clone $work;
check($copy->complete('asisten', $work->due())->accepted && $work->currentStep()->id === '2', 'a clone is another case');
$again = Instance::restore($sop, $work->snapshot());
check($again->snapshot() === $work->snapshot(), 'restore');
$malformed = throws(fn () => Instance::restore($sop, 'not a snapshot'), SopException::class);
check($malformed !== null && $malformed->codeName === 'malformed', 'a malformed snapshot');
while ($work->status() === Status::AtActivity) {
    $work->complete($work->currentStep()->actors[0], $work->due());
}
check($work->status() === Status::AtDecision && $work->answer('kabag', false, $work->lastEvent())->accepted, 'answer no');
$history = $work->history();
check(end($history)->answer === false, 'the answer is recorded');
check($work->cancel('kabag', 'Ditarik', $work->lastEvent())->accepted && $work->status() === Status::Cancelled, 'cancel');
check($work->cancelReason() === 'Ditarik', 'the reason');

// Separation of duties: the verifier is another person than the drafter.
$fourEyes = new Instance(Definition::fromFile("$testData/valid/four-eyes.xml"));
$at = $fourEyes->calendar()->parse('2026-03-02T08:00');
check($fourEyes->start('staf', $at)->accepted && $fourEyes->complete('staf', $at, '1990')->accepted, 'drafted by 1990');
check($fourEyes->answer('kasubag', true, $at)->codeName === 'person_required', 'a rule needs a person');
check($fourEyes->answer('kasubag', true, $at, '1990')->codeName === 'separation_of_duties', 'not by the drafter');
check($fourEyes->answer('kasubag', true, $at, '1985')->accepted, 'by another person');
check(array_map(fn ($r) => $r->person, $fourEyes->history()) === ['1990', '1985'], 'the persons are recorded');

// Calendar files.
$national = Calendar::fromFile("$definitions/calendars/indonesia-2025.xml");
check($national->name() !== '', 'the calendar name');
$beforeLebaran = $national->parse('2025-03-28T15:00');
check($national->format(new DateTimeImmutable('2025-03-28T08:00:00Z')) === '2025-03-28T15:00:00+07:00', 'format on the calendar');
check($national->addWorkingMinutes($beforeLebaran, 60)->format('Y-m-d') === '2025-04-08', 'Idul Fitri and cuti bersama are skipped');
check(throws(fn () => $national->parse('kemarin'), SopException::class)?->codeName === 'invalid_argument', 'a bad time');

echo "$checks checks passed\n";
