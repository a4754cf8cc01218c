"""The words in command position of a shell script, read by a small lexer.

tests/test_installed_commands.py needs the programs that the project's shell scripts call, to
check that a fresh machine has each. Running the scripts would not show the branches they did not
take; bash has no parser to call. This lexer knows the parts of bash the scripts use: separators,
reserved words, assignments (arrays too), redirections, here-documents, command substitution,
`for`/`case`/`[[ ]]`, function definitions, and prefixes such as `exec`, `env` or `timeout`.
"""

from __future__ import annotations

import re

RESERVED_THEN_COMMAND = {"if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "(", "exec", "command"}
RESERVED_OTHER = {"fi", "done", "esac", "}", "in", ")"}
PREFIX_SKIPPING_OPTIONS = {"exec", "command", "nice", "nohup", "sudo", "env", "xargs", "timeout"}
SEPARATORS = {";", "&&", "||", "|", "&", "\n", "(", ";;", "|&"}
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


def _without_heredoc_bodies(text: str) -> str:
    lines = text.split("\n")
    out, terminator, strip_tabs = [], None, False
    for line in lines:
        if terminator is not None:
            out.append("")
            if (line.lstrip("\t") if strip_tabs else line) == terminator:
                terminator = None
            continue
        out.append(line)
        match = HEREDOC.search(line.split("#", 1)[0] if not line.lstrip().startswith("#") else "")
        if match:
            terminator, strip_tabs = match.group(2), "<<-" in match.group(0)
    return "\n".join(out)


def _substitution(text: str, line: int):
    """A command substitution's tokens, between markers the parser uses to nest."""
    yield line, "$("
    yield from _tokens(text, line)
    yield line, "$)"


def _tokens(text: str, line: int = 1):
    """(line, token) pairs: words, operators and newlines; `$( … )` bodies are lexed too."""
    i, n = 0, len(text)
    word, word_line = "", line
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            if text[i + 1] == "\n":
                line += 1
                i += 2
                continue
            word += text[i : i + 2]
            i += 2
            continue
        if c == "'":
            end = text.index("'", i + 1) if "'" in text[i + 1 :] else n
            word += text[i : end + 1]
            line += text[i:end].count("\n")
            i = end + 1
            continue
        if c == '"' or (c == "$" and text[i : i + 2] == "$(" and text[i : i + 3] != "$(("):
            # Find the matching end, lexing command substitutions inside.
            j, depth, quote = i + (1 if c == '"' else 2), 1, c == '"'
            start = j
            while j < n and depth:
                if text[j] == "\\":
                    j += 2
                    continue
                if quote and text[j] == '"':
                    depth = 0
                    break
                if not quote and text[j] == "(":
                    depth += 1
                elif not quote and text[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                elif not quote and text[j] == "'":
                    j = text.index("'", j + 1) if "'" in text[j + 1 :] else n
                elif quote and text[j : j + 2] == "$(" and text[j : j + 3] != "$((":
                    k, d = j + 2, 1
                    while k < n and d:
                        d += {"(": 1, ")": -1}.get(text[k], 0)
                        k += 1
                    yield from _substitution(text[j + 2 : k - 1], line + text[i:j].count("\n"))
                    j = k
                    continue
                j += 1
            if not quote:
                yield from _substitution(text[start:j], line)
            word += text[i : j + 1]
            line += text[i:j].count("\n")
            i = j + 1
            continue
        if c == "#" and not word:
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in " \t\n;&|()<>":
            if word:
                yield word_line, word
                word = ""
            if c == "\n":
                yield line, "\n"
                line += 1
                i += 1
                continue
            if c in " \t":
                i += 1
                continue
            op = text[i : i + 2] if text[i : i + 2] in ("&&", "||", ";;", "|&", ">>", "<<", ">&", "<&", "&>") else c
            yield line, op
            i += len(op)
            continue
        if not word:
            word_line = line
        word += c
        i += 1
    if word:
        yield word_line, word


def shell_command_words(text: str) -> tuple[list[tuple[int, str]], set[str]]:
    """(line, word) for each word in command position, and the names of functions defined."""
    tokens = list(_tokens(_without_heredoc_bodies(text)))
    commands: list[tuple[int, str]] = []
    functions: set[str] = set()
    position, skip_until, skip_next_word = True, None, False
    stack: list[bool] = []  # positions outside the command substitutions we are in
    for k, (line, token) in enumerate(tokens):
        nxt = tokens[k + 1][1] if k + 1 < len(tokens) else ""
        if token == "$(":
            stack.append(position)
            position = True
            continue
        if token == "$)":
            position = stack.pop() if stack else False
            continue
        if skip_next_word:
            skip_next_word = False
            continue
        if token in (">", "<", ">>", "<<", ">&", "<&", "&>"):
            skip_next_word = True
            continue
        if skip_until:
            if token in skip_until[0]:
                position, skip_until = skip_until[1], None
            continue
        if ASSIGNMENT.match(token) and token.endswith("=") and nxt == "(":
            skip_until = ({")"}, position)  # an array assignment: name=( … )
            continue
        if token in SEPARATORS:
            position = True
            continue
        if not position:
            continue
        if token in ("for", "select"):
            skip_until = ({"do"}, True)
            continue
        if token == "case":
            skip_until = ({"in"}, False)
            continue
        if token == "function":
            functions.add(nxt)
            skip_next_word = True  # the function name that follows is not a command
            continue
        if nxt == "(" and k + 2 < len(tokens) and tokens[k + 2][1] == ")":
            functions.add(token)
            position = False
            continue
        if token in ("[[", "(("):
            skip_until = ({"]]", "))"}, False)
            continue
        if token == "command" and nxt in ("-v", "-V"):
            position = False  # a look-up, not a call
            continue
        if token in RESERVED_THEN_COMMAND:
            if token in ("exec", "command"):
                commands.append((line, token))
            continue
        if token in RESERVED_OTHER or ASSIGNMENT.match(token) or token[:1] in "-0123456789":
            continue
        commands.append((line, token))
        position = token in PREFIX_SKIPPING_OPTIONS
    return commands, functions
