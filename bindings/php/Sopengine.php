<?php

/*
 * sopengine for PHP: SOPs loaded from XML and run as cases, through PHP's FFI over the C ABI
 * (libsopengine_c.so). Needs PHP 8.1 or later with the FFI extension (Debian's php8.2-cli; the
 * CLI allows FFI by default, a web server needs ffi.enable=true or preloading).
 *
 *     require 'Sopengine.php';                       // on the include_path
 *     $sop = Sopengine\Definition::fromFile('sop-definitions/sidoarjo.xml');
 *     $work = new Sopengine\Instance($sop);          // Monday to Friday, 08:00-16:00 WIB
 *     $work->start('sekda', $work->calendar()->parse('2024-03-12T08:00'));
 *     echo $work->due()->format(DATE_ATOM);          // 2024-03-12T09:00:00+07:00
 *
 * The C declarations are read from sopengine_ffi.h beside this file (the build writes it from
 * <sopengine/sopengine.h>); the library is SOPENGINE_C_LIBRARY when set, else
 * libsopengine_c.so.0 from the loader's path. Times are DateTimeInterface in and
 * DateTimeImmutable (in the calendar's offset) out. Loading throws LoadException with every
 * Diagnostic; an operation on a case returns an Outcome, which says why when refused (and the
 * case is unchanged). Other failures throw SopException.
 */

declare(strict_types=1);

namespace Sopengine;

/** The C library, loaded once per process. */
final class Library
{
    private static ?\FFI $ffi = null;

    /** Loads libsopengine_c from `$library` (default: SOPENGINE_C_LIBRARY, else libsopengine_c.so.0). */
    public static function open(?string $library = null, ?string $header = null): \FFI
    {
        $library ??= getenv('SOPENGINE_C_LIBRARY') ?: 'libsopengine_c.so.0';
        $header ??= __DIR__ . '/sopengine_ffi.h';
        $declarations = @file_get_contents($header);
        if ($declarations === false) {
            throw new SopException("cannot read the C declarations $header", 'invalid_argument', -1);
        }
        self::$ffi = \FFI::cdef($declarations, $library);
        $abi = self::$ffi->sop_abi_version();
        if ($abi !== 3) {
            throw new SopException("libsopengine_c has ABI version $abi; this class needs 3", 'invalid_argument', -1);
        }
        return self::$ffi;
    }

    /** The loaded library (loaded on first use). */
    public static function ffi(): \FFI
    {
        return self::$ffi ?? self::open();
    }

    /** The library version, "MAJOR.MINOR.PATCH". */
    public static function version(): string
    {
        return self::ffi()->sop_version();
    }

    /** Throws SopException for a negative code; returns the code otherwise. */
    public static function check(int $code): int
    {
        if ($code < 0) {
            $ffi = self::ffi();
            throw new SopException($ffi->sop_last_message(), $ffi->sop_code_name($code), $code);
        }
        return $code;
    }

    /** A C time (seconds since 1970) as local ISO 8601 on the calendar: "2024-03-12T08:00:00+07:00". */
    public static function iso(int $seconds, ?Calendar $calendar = null): string
    {
        $text = \FFI::new('char[40]');
        self::check(self::ffi()->sop_calendar_format($calendar?->handle(), $seconds, $text, 40));
        return \FFI::string($text);
    }

    /** A C time (seconds since 1970) as a DateTimeImmutable in the calendar's offset. */
    public static function time(int $seconds, ?Calendar $calendar = null): \DateTimeImmutable
    {
        return new \DateTimeImmutable(self::iso($seconds, $calendar));
    }

    /** A char* the library returned, as a PHP string; the C string is freed. */
    public static function take(?\FFI\CData $text): string
    {
        $ffi = self::ffi();
        if ($text === null) {
            throw new SopException($ffi->sop_last_message(), 'internal', -9);
        }
        try {
            return \FFI::string($text);
        } finally {
            $ffi->sop_free($text);
        }
    }
}

/** A failure of sopengine: `codeName` is the C ABI's name of `getCode()` (e.g. "not_found"). */
class SopException extends \RuntimeException
{
    public function __construct(string $message, public readonly string $codeName, int $code)
    {
        parent::__construct($message, $code);
    }
}

/** An SOP or calendar with errors; `diagnostics` lists every problem, warnings included. */
final class LoadException extends SopException
{
    /** @param list<Diagnostic> $diagnostics */
    public function __construct(string $message, public readonly array $diagnostics)
    {
        parent::__construct($message, 'load_failed', -2);
    }
}

/** One problem of a file: where, how serious, a stable code and what to do about it. */
final class Diagnostic
{
    public function __construct(
        public readonly bool $isError,
        public readonly string $code,
        public readonly string $file,
        public readonly int $line,
        public readonly int $column,
        public readonly string $message,
        public readonly string $text,
    ) {
    }

    /** Takes every diagnostic of a C list and frees it. @return list<Diagnostic> */
    public static function drain(?\FFI\CData $list): array
    {
        $ffi = Library::ffi();
        $all = [];
        $item = $ffi->new('sop_diagnostic');
        for ($i = 0; $ffi->sop_diagnostics_get($list, $i, \FFI::addr($item)) === 0; ++$i) {
            $all[] = new self($item->severity === $ffi->SOP_ERROR, $item->code, $item->file, $item->line, $item->column, $item->message, $item->text);
        }
        $ffi->sop_diagnostics_free($list);
        return $all;
    }

    public function __toString(): string
    {
        return $this->text;
    }
}

/** Where a case is in its life. */
enum Status: string
{
    case NotStarted = 'not_started';
    case AtActivity = 'at_activity';
    case AtDecision = 'at_decision';
    case Completed = 'completed';
    case Cancelled = 'cancelled';

    public static function fromC(int $status): self
    {
        return [self::NotStarted, self::AtActivity, self::AtDecision, self::Completed, self::Cancelled][$status];
    }
}

/** The result of an operation on a case: accepted, or refused with a code and a message. */
final class Outcome
{
    public function __construct(
        public readonly bool $accepted,
        public readonly int $code,
        public readonly string $codeName,
        public readonly string $message,
    ) {
    }

    /** The Outcome of a C operation's code (a negative code throws SopException). */
    public static function of(int $code): self
    {
        Library::check($code);
        $ffi = Library::ffi();
        return $code === 0 ? new self(true, 0, 'accepted', '') : new self(false, $code, $ffi->sop_code_name($code), $ffi->sop_last_message());
    }
}

/** One row of the procedure table with its mutu baku. */
final class Step
{
    /** @param list<string> $actors */
    public function __construct(
        public readonly string $id,
        public readonly bool $isDecision,
        public readonly array $actors,
        public readonly string $description,
        public readonly string $question,
        public readonly string $requirements,
        public readonly string $output,
        public readonly string $remark,
        public readonly string $durationText,
        public readonly string $next,
        public readonly string $yes,
        public readonly string $no,
    ) {
    }
}

/** A working calendar; Calendar::default() is Monday to Friday, 08:00-16:00, WIB. */
final class Calendar
{
    private function __construct(private ?\FFI\CData $handle)
    {
    }

    public static function default(): self
    {
        return new self(null);
    }

    /** Loads a calendar file; throws LoadException. */
    public static function fromFile(string $path): self
    {
        $ffi = Library::ffi();
        $handle = $ffi->new('sop_calendar*');
        $diagnostics = $ffi->new('sop_diagnostics*');
        $code = $ffi->sop_calendar_load_file($path, \FFI::addr($handle), \FFI::addr($diagnostics));
        $all = Diagnostic::drain($diagnostics);
        if ($code !== 0) {
            throw new LoadException(implode("\n", array_map('strval', $all)), $all);
        }
        return new self($handle);
    }

    public function handle(): ?\FFI\CData
    {
        return $this->handle;
    }

    public function name(): string
    {
        return Library::ffi()->sop_calendar_name($this->handle);
    }

    /** Local ISO 8601 ("2024-03-12T08:00") on this calendar; throws SopException when malformed. */
    public function parse(string $text): \DateTimeImmutable
    {
        $at = \FFI::new('int64_t');
        Library::check(Library::ffi()->sop_calendar_parse($this->handle, $text, \FFI::addr($at)));
        return Library::time($at->cdata, $this);
    }

    /** "2024-03-12T08:00:00+07:00". */
    public function format(\DateTimeInterface $at): string
    {
        return Library::iso($at->getTimestamp(), $this);
    }

    public function addWorkingMinutes(\DateTimeInterface $start, int $minutes): \DateTimeImmutable
    {
        $due = \FFI::new('int64_t');
        Library::check(Library::ffi()->sop_calendar_add_working_minutes($this->handle, $start->getTimestamp(), $minutes, \FFI::addr($due)));
        return Library::time($due->cdata, $this);
    }

    public function __destruct()
    {
        if ($this->handle !== null) {
            Library::ffi()->sop_calendar_free($this->handle);
        }
    }
}

/** A loaded, valid SOP. */
final class Definition
{
    private function __construct(private \FFI\CData $handle)
    {
    }

    /** Loads the SOP in an XML file; throws LoadException with every diagnostic. */
    public static function fromFile(string $path): self
    {
        $ffi = Library::ffi();
        $handle = $ffi->new('sop_definition*');
        $diagnostics = $ffi->new('sop_diagnostics*');
        return self::loaded($ffi->sop_load_file($path, \FFI::addr($handle), \FFI::addr($diagnostics)), $handle, $diagnostics);
    }

    /** Loads an SOP from XML text; `$name` names it in diagnostics. */
    public static function fromString(string $xml, string $name = '<string>'): self
    {
        $ffi = Library::ffi();
        $handle = $ffi->new('sop_definition*');
        $diagnostics = $ffi->new('sop_diagnostics*');
        return self::loaded($ffi->sop_load_string($xml, strlen($xml), $name, \FFI::addr($handle), \FFI::addr($diagnostics)), $handle, $diagnostics);
    }

    private static function loaded(int $code, \FFI\CData $handle, \FFI\CData $diagnostics): self
    {
        $all = Diagnostic::drain($diagnostics);
        if ($code !== 0) {
            throw new LoadException(implode("\n", array_map('strval', array_filter($all, fn ($d) => $d->isError))), $all);
        }
        return new self($handle);
    }

    public function handle(): \FFI\CData
    {
        return $this->handle;
    }

    public function id(): string
    {
        return Library::ffi()->sop_definition_id($this->handle);
    }

    public function title(): string
    {
        return $this->header('title');
    }

    public function fingerprint(): string
    {
        return Library::ffi()->sop_definition_fingerprint($this->handle);
    }

    /** A text of the identity header by key: "number", "unit", "approved_by.name", ... */
    public function header(string $key): string
    {
        $text = Library::ffi()->sop_definition_header($this->handle, $key);
        if ($text === null) {
            throw new SopException("the identity header has no text \"$key\"", 'invalid_argument', -1);
        }
        return $text;
    }

    /** @return array<string, string> actor id => name, in declaration order */
    public function actors(): array
    {
        $ffi = Library::ffi();
        $actor = $ffi->new('sop_actor');
        $all = [];
        for ($i = 0, $n = $ffi->sop_definition_actor_count($this->handle); $i < $n; ++$i) {
            Library::check($ffi->sop_definition_actor($this->handle, $i, \FFI::addr($actor)));
            $all[$actor->id] = $actor->name;
        }
        return $all;
    }

    /** @return list<Step> in document order */
    public function steps(): array
    {
        $all = [];
        for ($i = 0, $n = Library::ffi()->sop_definition_step_count($this->handle); $i < $n; ++$i) {
            $all[] = $this->stepAt($i);
        }
        return $all;
    }

    public function step(string $id): ?Step
    {
        $index = Library::ffi()->sop_definition_find_step($this->handle, $id);
        return $index < 0 ? null : $this->stepAt($index);
    }

    /** @internal */
    public function stepAt(int $index): Step
    {
        $ffi = Library::ffi();
        $step = $ffi->new('sop_step');
        Library::check($ffi->sop_definition_step($this->handle, $index, \FFI::addr($step)));
        $actors = [];
        for ($i = 0; $i < $step->actor_count; ++$i) {
            $actors[] = $ffi->sop_definition_step_actor($this->handle, $index, $i);
        }
        return new Step(
            $step->id, $step->kind === $ffi->SOP_DECISION, $actors, $step->description, $step->question,
            $step->requirements, $step->output, $step->remark, $step->duration_text, $step->next, $step->yes, $step->no,
        );
    }

    /** The printed SOP document as one self-contained HTML page. */
    public function toHtml(?string $logo = null): string
    {
        return Library::take(Library::ffi()->sop_to_html($this->handle, $logo));
    }

    public function toDot(): string
    {
        return Library::take(Library::ffi()->sop_to_dot($this->handle));
    }

    public function toSvg(): string
    {
        return Library::take(Library::ffi()->sop_to_svg($this->handle));
    }

    public function __destruct()
    {
        Library::ffi()->sop_definition_free($this->handle);
    }
}

/** One performed step of a case's history. */
final class Record
{
    public function __construct(
        public readonly string $step,
        public readonly string $actor,
        public readonly ?bool $answer,
        public readonly \DateTimeImmutable $started,
        public readonly \DateTimeImmutable $finished,
        public readonly ?\DateTimeImmutable $due,
        public readonly bool $onTime,
        /** The person named for it (complete() and answer() with a person); '' for no one. */
        public readonly string $person = '',
    ) {
    }
}

/** One running case of a Definition. Every operation names the actor and the time. */
final class Instance
{
    private \FFI\CData $handle;
    private Calendar $calendar;

    public function __construct(private Definition $definition, ?Calendar $calendar = null, ?\FFI\CData $handle = null)
    {
        $this->calendar = $calendar ?? Calendar::default();
        if ($handle === null) {
            $handle = Library::ffi()->new('sop_instance*');
            Library::check(Library::ffi()->sop_instance_new($definition->handle(), $this->calendar->handle(), \FFI::addr($handle)));
        }
        $this->handle = $handle;
    }

    /** The case a snapshot() saved; throws SopException (codeName: the restore reason). */
    public static function restore(Definition $definition, string $snapshot, ?Calendar $calendar = null): self
    {
        $ffi = Library::ffi();
        $handle = $ffi->new('sop_instance*');
        $code = $ffi->sop_instance_restore($definition->handle(), $snapshot, $calendar?->handle(), \FFI::addr($handle));
        if ($code !== 0) {
            $name = $code > 0 ? $ffi->sop_restore_error_name($code) : $ffi->sop_code_name($code);
            throw new SopException($ffi->sop_last_message(), $name, $code);
        }
        return new self($definition, $calendar, $handle);
    }

    public function start(string $actor, \DateTimeInterface $at): Outcome
    {
        return Outcome::of(Library::ffi()->sop_instance_start($this->handle, $actor, $at->getTimestamp()));
    }

    /**
     * Completes the current activity as $actor. $person names who acts in that role (any key,
     * such as the NIP): it is recorded, and a step with a separation-of-duties rule needs it
     * (codeName 'person_required') and refuses one who performed a step it names
     * ('separation_of_duties').
     */
    public function complete(string $actor, \DateTimeInterface $at, ?string $person = null): Outcome
    {
        return Outcome::of(Library::ffi()->sop_instance_complete_by($this->handle, $actor, $person, $at->getTimestamp()));
    }

    /** Answers the current decision: true is yes (Ya), false is no (Tidak); $person as for complete(). */
    public function answer(string $actor, bool $yes, \DateTimeInterface $at, ?string $person = null): Outcome
    {
        $ffi = Library::ffi();
        return Outcome::of($ffi->sop_instance_answer_by($this->handle, $actor, $person, $yes ? $ffi->SOP_YES : $ffi->SOP_NO, $at->getTimestamp()));
    }

    public function cancel(string $actor, string $reason, \DateTimeInterface $at): Outcome
    {
        return Outcome::of(Library::ffi()->sop_instance_cancel($this->handle, $actor, $reason, $at->getTimestamp()));
    }

    public function definition(): Definition
    {
        return $this->definition;
    }

    public function calendar(): Calendar
    {
        return $this->calendar;
    }

    public function status(): Status
    {
        return Status::fromC(Library::ffi()->sop_instance_status($this->handle));
    }

    public function currentStep(): ?Step
    {
        $index = Library::ffi()->sop_instance_current_step($this->handle);
        return $index < 0 ? null : $this->definition->stepAt($index);
    }

    /** @return list<string> the ids of the actors who may act now */
    public function actorsNow(): array
    {
        $ffi = Library::ffi();
        $all = [];
        for ($i = 0, $n = $ffi->sop_instance_actor_count($this->handle); $i < $n; ++$i) {
            $all[] = $ffi->sop_instance_actor($this->handle, $i);
        }
        return $all;
    }

    public function stepStarted(): ?\DateTimeImmutable
    {
        return $this->optionalTime('sop_instance_step_started');
    }

    /** When the current step is due; null when at no step or it has no fixed time. */
    public function due(): ?\DateTimeImmutable
    {
        return $this->optionalTime('sop_instance_due');
    }

    public function lastEvent(): ?\DateTimeImmutable
    {
        return $this->optionalTime('sop_instance_last_event');
    }

    public function isOverdue(\DateTimeInterface $now): bool
    {
        return Library::ffi()->sop_instance_overdue($this->handle, $now->getTimestamp()) === 1;
    }

    /** @return list<Record> oldest first */
    public function history(): array
    {
        $ffi = Library::ffi();
        $record = $ffi->new('sop_record');
        $all = [];
        for ($i = 0, $n = $ffi->sop_instance_history_count($this->handle); $i < $n; ++$i) {
            Library::check($ffi->sop_instance_history($this->handle, $i, \FFI::addr($record)));
            $all[] = new Record(
                $record->step, $record->actor, $record->answer < 0 ? null : $record->answer === $ffi->SOP_YES,
                Library::time($record->started, $this->calendar), Library::time($record->finished, $this->calendar),
                $record->has_due ? Library::time($record->due, $this->calendar) : null, $record->on_time === 1,
                $record->person,
            );
        }
        return $all;
    }

    public function cancelReason(): string
    {
        return Library::ffi()->sop_instance_cancel_reason($this->handle);
    }

    /** The case's state as text, for Instance::restore(). */
    public function snapshot(): string
    {
        return Library::take(Library::ffi()->sop_instance_snapshot($this->handle));
    }

    public function __clone()
    {
        $copy = Library::ffi()->new('sop_instance*');
        Library::check(Library::ffi()->sop_instance_copy($this->handle, \FFI::addr($copy)));
        $this->handle = $copy;
    }

    public function __destruct()
    {
        Library::ffi()->sop_instance_free($this->handle);
    }

    private function optionalTime(string $function): ?\DateTimeImmutable
    {
        $at = \FFI::new('int64_t');
        $code = Library::ffi()->$function($this->handle, \FFI::addr($at));
        return $code === 0 ? Library::time($at->cdata, $this->calendar) : null;
    }
}
