"""Topics of other departments."""

from knowledge.scope import OTHER_DEPARTMENT_TOPICS, other_department_topic


def test_topics_of_other_departments_are_found_in_any_form():
    assert other_department_topic("住房公积金怎么提取") == "公积金"
    assert other_department_topic("新 农 合怎么交？") == "新农合"
    assert other_department_topic("失业保险金申领要什么材料") is None


def test_no_topic_is_a_guide_name(sqlite_repo):
    names = [e.guide.name for e in sqlite_repo.catalogue()]
    clashes = [t for t in OTHER_DEPARTMENT_TOPICS if any(t in name for name in names)]
    assert clashes == []
