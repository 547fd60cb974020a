"""Plan shapes the eleventh held-out set showed the reader missing or misreading
(tests/fixtures/corpus-heldout-11/README.md, 'Measurement'), each written anew here — not the
documents' text — with the negatives that keep the rules from reading too much."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans

# --- 1. a news item telling a meeting, with the leader's '一要…二要…' requirements ----------

MEETING_NEWS = """为推动全年重点工作落地见效，2026年2月3日，某某社区召开2025年度网格员工作总结会。会议由社区党委书记王某某主持。街道相关科室负责人到会。
会上，6名网格长依次汇报了一年来的工作情况，谈了存在的不足和今后的打算。
王某某书记对2026年度社区网格工作提出两点要求：
一要提升网格服务的精细程度。各网格要摸清辖区人口底数，做到情况明、底数清，及时回应居民诉求。
二要加强网格队伍的能力建设。要定期组织业务培训，完善考核激励办法，推动网格员从管理向服务转变。
"""


def test_a_meeting_news_item_with_its_leaders_yi_yao_requirements_yields_nothing() -> None:
    data = parsed(MEETING_NEWS)
    assert data["plan_section"] is None and data["problem_section"] is None
    assert data["document_kind"] == "news"
    assert any("会议由" in w for w in data["warnings"])


def test_a_report_telling_its_own_meeting_still_gives_its_plan() -> None:
    # The same meeting told by the office itself ('我社区…'): a report, its plan read.
    report = (
        "某某社区2025年工作总结\n"
        "2025年2月3日，我社区召开网格员工作部署会。会议由社区党委书记主持，部署全年网格工作。\n"
        "一、2025年工作开展情况\n"
        "全年走访居民2000余户，化解矛盾纠纷36件。\n"
        "二、2026年工作计划\n"
        "（一）提升网格服务的精细程度。摸清辖区人口底数，及时回应居民诉求。\n"
        "（二）加强网格队伍的能力建设。定期组织业务培训，完善考核激励办法。\n"
    )
    data = parsed(report)
    assert data["document_kind"] == "report"
    assert plans(data) == ["提升网格服务的精细程度", "加强网格队伍的能力建设"]


def test_yi_yao_points_a_report_says_a_leader_set_give_no_plan() -> None:
    # No chair sentence this time: the line before the points tells, in the third person,
    # that a leader set them — reported speech, not the speaker's own points.
    news = MEETING_NEWS.replace("召开", "举行").replace("会议由社区党委书记王某某主持。", "")
    data = parsed(news)
    assert data["plan_section"] is None
