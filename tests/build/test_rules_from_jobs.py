"""The brand rules a build judges from what each job measured as it was made (`judged`, from
`run_job`'s observations, which travel back from worker processes) give the very report
`check` makes by setting every text again: the same findings, in the same order."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from brandkit.build.options import Options
from brandkit.build.pipeline import check_jobs, judged, load_and_validate, plan, prepare
from brandkit.build.work import JobResult, observe_job
from brandkit.check import CheckReport, rule_problems

UNITS = ("trung-tam", "phuong-tay-ho", "xa-soc-son")


def report_json(report: CheckReport) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, default=str)


def test_measured_job_by_job_the_report_is_the_checks(
    spec_copy, write_staff, tmp_path: Path
) -> None:
    long_title = "Phó Giám đốc phụ trách công tác cải cách thủ tục hành chính và chuyển đổi số"
    staff = write_staff(
        "staff.csv",
        [
            ("HN-001", "Nguyễn Thị Ánh Tuyết", "Giám đốc", "trung-tam"),
            ("HN-002", "Tôn Nữ Thị Phương Khánh Nguyệt Hằng", long_title, "trung-tam"),
            ("HN-003", "Lê Văn Út", "", "trung-tam"),  # no title: left blank, said once
            ("HN-004", "Trần Quốc 漢", "Chuyên viên", "phuong-tay-ho"),  # a glyph no font has
            ("HN-005", "Đặng Thuỳ Dương", "Chuyên viên", "phuong-tay-ho"),
            ("HN-006", "Phạm Minh Đức", long_title, "xa-soc-son"),
        ],
    )
    # The door sign's purpose set too small to read: a broken rule the build refuses.
    spec_copy.edit("size: 96pt, min_size: 68pt", "size: 30pt, min_size: 20pt")
    options = Options(spec=spec_copy.path, out=tmp_path / "out", staff=staff, units=UNITS)
    spec_file, registry = load_and_validate(options.spec, raster=False)
    planned = plan(spec_file, registry, options, registry.names)
    worker = prepare(planned)
    checked = check_jobs(planned, worker)

    results = []
    for job in planned.jobs:
        front, back = observe_job(worker, job)
        # As a worker process sends its result back.
        results.append(pickle.loads(pickle.dumps(JobResult(front=front, back=back))))
    found = judged(planned, worker, planned.jobs, results)

    assert report_json(found) == report_json(checked)
    rules = {f.rule for f in checked.findings if not f.ok}
    assert {"letter_height", "glyphs", "empty"} <= rules  # the case covers what it should
    assert [str(p) for p in rule_problems(found)] == [str(p) for p in rule_problems(checked)]
    assert rule_problems(found)  # the broken rule is there to refuse
