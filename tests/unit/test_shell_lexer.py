"""The words in command position that the installed-commands check reads from shell scripts."""

import pytest

from support.shell_lexer import shell_command_words


def words(text: str) -> list[str]:
    return [word for _, word in shell_command_words(text)[0]]


@pytest.mark.parametrize(
    "script,expected",
    [
        ("ls -l | grep x && wc -l", ["ls", "grep", "wc"]),
        ("A=1 B=(x y) curl -s url", ["curl"]),
        ("if [[ -f x ]]; then rm x; fi", ["rm"]),
        ('for f in a b; do echo "$f"; done', ["echo"]),
        ("out=$(date +%s)\nprintf '%s' \"$out\"", ["date", "printf"]),
        ("cat <<'EOF'\nnot a command\nEOF\nsort", ["cat", "sort"]),
        ("exec timeout 5 nginx -t", ["exec", "timeout", "nginx"]),
        ("command -v jq >/dev/null || apt-get install jq", ["apt-get"]),
        ("sudo id", ["sudo", "id"]),
    ],
)
def test_command_words(script, expected):
    assert words(script) == expected


def test_functions_are_named_and_their_calls_found():
    found, functions = shell_command_words("setup() {\n  mkdir -p x\n}\nfunction run { setup; }\nrun\n")
    assert functions == {"setup", "run"} and [w for _, w in found] == ["mkdir", "setup", "run"]


def test_lines_are_counted():
    assert shell_command_words("a\n\nb")[0] == [(1, "a"), (3, "b")]
