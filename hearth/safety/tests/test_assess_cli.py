import io
import json

from hearth.safety.assess_cli import main


def run(stdin, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), io.StringIO(stdin), out, err)
    return code, [json.loads(x) for x in out.getvalue().splitlines()], err.getvalue()


def test_assess_cli_writes_one_line_per_input_preserving_ids():
    code, rows, err = run(
        '{"id": 7, "text": "I want to kill myself"}\n{"id": "b", "text": "see you next week"}\n'
    )
    assert code == 0 and err == ""
    assert [r["id"] for r in rows] == [7, "b"]
    assert rows[0]["level"] == "high" and "suicide_self_harm" in rows[0]["categories"]
    assert rows[1]["level"] == "none"
    assert {"spans", "scores", "detectors"} <= set(rows[0])


def test_assess_cli_ignores_blank_lines():
    code, rows, _ = run('\n\n{"id": 1, "text": "hi"}\n\n')
    assert code == 0 and len(rows) == 1


def test_assess_cli_reports_malformed_lines_by_number_and_exits_1():
    code, rows, err = run('{"id": 1, "text": "hi"}\nnot json\n{"id": 3}\n{"id": 4, "text": "ok"}\n')
    assert code == 1
    assert [r["id"] for r in rows] == [1, 4]
    assert "line 2" in err and "line 3" in err


def test_assess_cli_uses_group_words_and_codeword(tmp_path):
    words = tmp_path / "w.json"
    words.write_text(json.dumps([{"term": "tesco", "action": "block"}]))
    code, rows, _ = run(
        '{"id": 1, "text": "T3sco at 5"}\n{"id": 2, "text": "bluebell"}\n',
        "--group-words",
        str(words),
        "--codeword",
        "bluebell",
    )
    assert code == 0
    assert rows[0]["categories"] == ["watched_word"]
    assert rows[1]["categories"] == ["safety_signal"] and rows[1]["level"] == "high"


def test_assess_cli_rejects_unsafe_group_regex(tmp_path):
    words = tmp_path / "w.json"
    words.write_text(json.dumps([{"term": "(a+)+", "action": "flag", "regex": True}]))
    code, _, err = run("", "--group-words", str(words))
    assert code == 2 and "Nested" in err
