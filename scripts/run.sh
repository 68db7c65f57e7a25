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
# The people of the permit's unit, and a second permit driven by them to its end: the Kepala
# Dinas is away, and his Plh. signs by letter.
"${store[@]}" person 198001012005011001 --name "Rina Wati, S.T." --rank "Penata (III/c)" || status=1
"${store[@]}" person 198502022010011002 --name "Dedi Kurnia, S.T." --rank "Penata Muda Tk. I (III/b)" || status=1
"${store[@]}" person 198703032012011003 --name "Andi Pratama, S.T." --rank "Penata Muda (III/a)" || status=1
"${store[@]}" person 197504042000032004 --name "Sari Dewi, S.E., M.M." --rank "Pembina (IV/a)" || status=1
"${store[@]}" person 197001012000031005 --name "Ir. Bambang Sutrisno, M.T." --rank "Pembina Tk. I (IV/b)" || status=1
permit=(--sop dpmptsp-izin-reklame --from 2026-03-09)
rina=198001012005011001 dedi=198502022010011002 andi=198703032012011003
sari=197504042000032004 bambang=197001012000031005
"${store[@]}" assign "${rina}" petugas "${permit[@]}" || status=1
"${store[@]}" assign "${dedi}" verifikator "${permit[@]}" || status=1
"${store[@]}" assign "${andi}" tim-teknis "${permit[@]}" || status=1
"${store[@]}" assign "${sari}" kabid "${permit[@]}" || status=1
"${store[@]}" assign "${bambang}" kadis "${permit[@]}" --as plh --letter 800/15/DPMPTSP/2026 \
    --to 2026-03-13 || status=1
act() { "${store[@]}" "$@" || status=1; }
act start dpmptsp-izin-reklame --id izin-reklame-2 --actor pemohon --at 2026-03-10T08:00 \
    --calendar indonesia
act complete izin-reklame-2 --actor pemohon --at 2026-03-10T08:15
act answer izin-reklame-2 yes --by "${rina}" --at 2026-03-10T08:40
act complete izin-reklame-2 --by "${rina}" --at 2026-03-10T08:50
for who in "${dedi}" "${andi}" "${sari}"; do
    act complete izin-reklame-2 --by "${who}" --at 2026-03-10T10:00
done
act complete izin-reklame-2 --by "${dedi}" --at 2026-03-10T11:00
act complete izin-reklame-2 --actor pemohon --at 2026-03-11T09:00
act complete izin-reklame-2 --by "${andi}" --at 2026-03-11T11:00
echo
echo "-- on the desk of Dedi Kurnia (Verifikator Teknis) on 2026-03-11"
act desk "${dedi}" --date 2026-03-11
act answer izin-reklame-2 yes --by "${dedi}" --at 2026-03-11T13:00
act answer izin-reklame-2 yes --by "${sari}" --at 2026-03-11T14:00
act complete izin-reklame-2 --actor pemohon --at 2026-03-12T09:00
act complete izin-reklame-2 --by "${bambang}" --at 2026-03-13T10:00
act complete izin-reklame-2 --by "${rina}" --at 2026-03-16T08:30
act show izin-reklame-2
act show izin-reklame-2 --html -o build/izin-reklame-2.html
echo "the printed record of izin-reklame-2 is build/izin-reklame-2.html"
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
