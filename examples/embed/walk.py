"""The README's walk in Python: load an SOP, drive one case, answer its decisions."""

import sys

import sopengine

path = sys.argv[1] if len(sys.argv) > 1 else "sop-definitions/sidoarjo.xml"
try:
    sop = sopengine.load_file(path)
except sopengine.LoadError as failed:
    for problem in failed.diagnostics:
        print(problem, file=sys.stderr)
    sys.exit(1)

work = sopengine.Instance(sop)  # Monday to Friday, 08:00-16:00 WIB
now = work.calendar.parse("2024-03-12T08:00")
done = work.start(sop.actors[0].id, now)
while done and (step := work.current_step) is not None:
    actor = step.actors[0]
    now = work.due or now  # every step takes exactly its standard time
    if step.kind is sopengine.StepKind.DECISION:
        done = work.answer(actor, sopengine.Answer.YES, now)
    else:
        done = work.complete(actor, now)
    print(f"{step.id:>3}  {actor:<10} done {now.isoformat()}")
if not done:
    print(f"refused: {done.message}", file=sys.stderr)
print(f"{sop.title}: {'completed' if work.status is sopengine.Status.COMPLETED else 'not completed'}")
sys.exit(0 if done else 1)
