#!/usr/bin/env bash
# The main job: installs what is missing, builds sopengine and sop-runner, then shows every
# shipped SOP (sop-runner info) and walks each one from its first step to completion
# (sop-runner walk, every decision answered yes, each step taking its standard time), and
# renders each as the standard SOP document in build/render/NAME.html (sop-runner render).
# The example service SOP (sop-definitions/examples) is walked to each of its endings, through
# the related SOP it runs as a sub-case.
# Then it keeps durable cases of every shipped SOP in an embedded store (build/cases.sqlite,
# made afresh; sop-runner case): starts them on the national calendar, acts on them, shows the
# desks (inbox), what is overdue, the on-time report, and verifies every case's audit chain.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --parallel 2 --target sop-runner
runner=./build/examples/sop-runner
"${runner}" lint --werror sop-definitions
status=0
for definition in sop-definitions/*.xml; do
    echo
    echo "=================================================================== ${definition}"
    "${runner}" info "${definition}" || status=1
    echo
    "${runner}" walk "${definition}" --start 2024-03-12T08:00 || status=1
    name=$(basename "${definition}" .xml)
    mkdir -p build/render
    "${runner}" render "${definition}" -o "build/render/${name}.html" || status=1
    echo
    echo "rendered: build/render/${name}.html (open it in a browser; it prints on A4 landscape)"
done

echo
echo "=================================================================== sop-definitions/examples"
# A permit service SOP: the applicant as an external actor, a joint verification meeting, a
# related SOP (the site survey) run as a sub-case, and three endings. Its folder is its catalog.
"${runner}" lint --werror sop-definitions/examples || status=1
example=sop-definitions/examples/izin-reklame.xml
"${runner}" info "${example}" || status=1
echo
"${runner}" walk "${example}" --start 2026-03-10T08:00 || status=1
echo
echo "-- the same application, the site found unfit and the permit refused"
"${runner}" walk "${example}" --start 2026-03-10T08:00 --answers yes,no,no || status=1
echo
echo "-- an incomplete file, returned to the applicant"
"${runner}" walk "${example}" --start 2026-03-10T08:00 --answers no || status=1
for name in izin-reklame survei-lokasi; do
    "${runner}" render "sop-definitions/examples/${name}.xml" -o "build/render/${name}.html" \
        || status=1
    echo "rendered: build/render/${name}.html"
done

echo
echo "=================================================================== durable cases"
db=build/cases.sqlite
rm -f "${db}" "${db}-wal" "${db}-shm"
store=("${runner}" case --db "${db}")
"${store[@]}" calendar indonesia sop-definitions/calendars/indonesia.xml || status=1
for definition in sop-definitions/*.xml; do
    name=$(basename "${definition}" .xml)
    first=$("${runner}" walk "${definition}" --json | python3 -c \
        'import json, sys; print(json.load(sys.stdin)["steps"][0]["actor"])')
    "${store[@]}" start "${definition}" --id "${name}-1" --actor "${first}" \
        --at 2025-03-24T08:00 --calendar indonesia || status=1
    "${store[@]}" complete "${name}-1" --actor "${first}" --at 2025-03-24T09:30 \
        --person "Contoh Pegawai" || status=1
done
sidoarjo=sidoarjo-setda-pengumpulan-data-kinerja
"${store[@]}" start "${sidoarjo}" --id sidoarjo-2 --actor sekda --at 2025-03-24T10:00 \
    --calendar indonesia || status=1
"${store[@]}" cancel sidoarjo-2 --actor sekda --reason "surat ditarik" \
    --at 2025-03-24T10:15 || status=1
# The example permit (effective from February 2026): stored with the survey it runs (pinned to
# the version stored now); after the verification meeting the case is at step 5, in its survey
# sub-case, on the Verifikator's desk.
"${store[@]}" add sop-definitions/examples/*.xml || status=1
"${store[@]}" start dpmptsp-izin-reklame --id izin-reklame-1 --actor pemohon \
    --at 2026-03-10T08:00 --calendar indonesia || status=1
"${store[@]}" complete izin-reklame-1 --actor pemohon --at 2026-03-10T08:15 || status=1
"${store[@]}" answer izin-reklame-1 yes --actor petugas --at 2026-03-10T08:45 || status=1
"${store[@]}" complete izin-reklame-1 --actor petugas --at 2026-03-10T09:00 || status=1
for role in verifikator tim-teknis kabid; do
    "${store[@]}" complete izin-reklame-1 --actor "${role}" --at 2026-03-10T11:00 || status=1
done
echo
echo "-- on the desk of the Verifikator Teknis (the example permit's site survey)"
"${store[@]}" inbox verifikator || status=1
echo
echo "-- on the desk of the Asisten (sidoarjo), earliest due first"
"${store[@]}" inbox asisten || status=1
echo
echo "-- overdue at 2025-03-24T10:15, most overdue first"
"${store[@]}" overdue --at 2025-03-24T10:15 || status=1
echo
"${store[@]}" show way-kanan-1 || status=1
echo
echo "-- the mutu baku as measured: ${sidoarjo}"
"${store[@]}" report "${sidoarjo}" || status=1
echo
"${store[@]}" verify || status=1
echo "the cases are kept in ${db}; go on with: ${runner} case --db ${db} --help"
exit "${status}"
