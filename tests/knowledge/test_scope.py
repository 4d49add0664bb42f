"""Topics of other departments (data/lexicon/departments.yml)."""

from knowledge.scope import other_department, other_department_topic, topic_words


def test_topics_of_other_departments_are_found_in_any_form():
    assert other_department_topic("住房公积金怎么提取") == "公积金"
    assert other_department_topic("新 农 合怎么交？") == "新农合"
    assert other_department_topic("失业保险金申领要什么材料") is None


def test_a_topic_names_the_department_and_may_have_words_between_its_parts():
    topic = other_department("孩子户口要迁回老家，去哪办")
    assert topic is not None and topic.department == "公安部门" and topic.governmental
    assert other_department("今天天气怎么样").governmental is False


def test_no_topic_is_a_guide_name(sqlite_repo):
    names = [e.guide.name for e in sqlite_repo.catalogue()] + [a for e in sqlite_repo.catalogue() for a in e.aliases]
    clashes = [t for t in topic_words() if "…" not in t and any(t in name for name in names)]
    assert clashes == []
