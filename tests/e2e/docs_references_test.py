"""Keeps the README and the docs honest about what they tell a reader to
type: every `scripts/...` path that README.md, docs/ or a folder's README
names exists (scripts/ holds what users run, scripts/ci/ what the scripts,
CTest and CI call; a path that moved leaves this test red), and every
--flag on a `portwatch_exporter ...` command line in them is one that the
built binary's --help lists. Command lines are read from code blocks
(fenced or indented, with backslash continuations) and inline code spans;
only where portwatch_exporter is the command (after sudo, env or VAR=value
at most), so `journalctl -u portwatch_exporter --since ...` is not one.
The Windows binary's command lines (portwatch_exporter.exe) are not
checked: its flags differ and this build has no --help of it. The last
test feeds the checks broken text, to show they can fail."""

import glob
import os
import re
import shlex
import subprocess

import harness

EXPORTER = harness.env_path('PORTWATCH_EXPORTER')
SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')

# Folders never searched for Markdown: build trees, packages, vendored code.
PRUNED = ('.', 'build', 'dist', 'third_party', 'node_modules', '__pycache__')
# A scripts/ path, not part of a longer one ($VCPKG_ROOT/scripts/...).
SCRIPT_PATH = re.compile(r'(?<![\w./$-])((?:\.\./)*scripts/[\w.*/-]*)')
LINK_TARGET = re.compile(r'\]\(([^)\s]+)\)')
INLINE_CODE = re.compile(r'(`+)(.+?)\1', re.DOTALL)
FENCE = re.compile(r'^\s*(```|~~~)')
HELP_FLAG = re.compile(r'^\s+--(\[no-\])?([A-Za-z0-9][\w.-]*)')
WRAPPERS = {'sudo', 'exec', 'env', 'nohup', 'time', 'command', '$'}
ASSIGNMENT = re.compile(r'^[A-Za-z_]\w*=')
SEPARATOR = re.compile(r'^[();<>|&]+$')


def markdown_files():
    """README.md, docs/**/*.md and every other Markdown file of the tree
    (folder READMEs), relative to SOURCE_DIR."""
    found = []
    for directory, subdirectories, files in os.walk(SOURCE_DIR):
        subdirectories[:] = sorted(d for d in subdirectories
                                   if not d.startswith(PRUNED))
        found += [os.path.relpath(os.path.join(directory, name), SOURCE_DIR)
                  for name in sorted(files) if name.endswith('.md')]
    return found


def split_markdown(text):
    """(code lines, prose): the logical lines of fenced and indented code
    blocks (backslash continuations joined), and the rest of the text."""
    code, prose = [], []
    pending = None  # a code line ending in a backslash
    in_fence = in_indented = False
    previous_blank = True
    for line in text.splitlines():
        blank = not line.strip()
        if FENCE.match(line):
            if pending is not None:
                code.append(pending)
                pending = None
            in_fence = not in_fence
            in_indented = False
        elif (pending is not None or in_fence or
              (line.startswith(('    ', '\t')) and not blank and
               (previous_blank or in_indented))):
            in_indented = not in_fence
            line = line.strip() if pending is not None else line
            line = (pending or '') + line
            pending = None
            if line.endswith('\\'):
                pending = line[:-1] + ' '
            else:
                code.append(line)
        else:
            prose.append(line)
            in_indented = in_indented and blank
        previous_blank = blank
    if pending is not None:
        code.append(pending)
    return code, '\n'.join(prose)


def shell_lines(text):
    """Every piece of shell a Markdown text shows: code block lines and
    inline code spans (which may wrap over lines)."""
    code, prose = split_markdown(text)
    spans = [m.group(2).replace('\n', ' ')
             for m in INLINE_CODE.finditer(prose)]
    return code + spans


def simple_commands(line):
    """The simple commands of a shell line, as word lists: split at |, &&,
    ;, ( and ), comments dropped."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:  # unbalanced quotes: prose, not shell
        words = line.split()
    commands, current = [], []
    for word in words:
        if SEPARATOR.match(word):
            commands.append(current)
            current = []
        else:
            current.append(word)
    commands.append(current)
    return [command for command in commands if command]


def exporter_flags(line):
    """The --flags of every portwatch_exporter command on a shell line."""
    flags = []
    for words in simple_commands(line):
        while words and (words[0] in WRAPPERS or ASSIGNMENT.match(words[0])):
            wrapper = words.pop(0)
            while wrapper in WRAPPERS and words and words[0].startswith('-'):
                words.pop(0)  # sudo -E, env -i
        command = re.split(r'[/\\]', words[0])[-1] if words else ''
        if command != 'portwatch_exporter':  # not portwatch_exporter.exe
            continue
        for word in words[1:]:
            if word.startswith('--') and len(word) > 2:
                name = word[2:].split('=', 1)[0].rstrip('.,:;')
                flags.append('--' + name.replace('[no-]', '', 1))
    return flags


def script_paths(doc, text):
    """(path as written, resolved path relative to SOURCE_DIR) for every
    scripts/ path the text names: link targets relative to the document,
    other mentions relative to the source root."""
    paths = []
    directory = os.path.dirname(doc)

    def link(match):
        target = match.group(1).split('#', 1)[0]
        if SCRIPT_PATH.fullmatch(target):
            paths.append((target, os.path.normpath(
                os.path.join(directory, target))))
        return ']()'

    text = LINK_TARGET.sub(link, text)
    for match in SCRIPT_PATH.finditer(text):
        written = match.group(1).rstrip('.')
        resolved = (os.path.join(directory, written)
                    if written.startswith('../') else written)
        paths.append((written, os.path.normpath(resolved)))
    return paths


def missing_scripts(doc, text):
    """(doc, path as written) for every scripts/ path that does not exist
    (a glob such as scripts/build-*.sh matches something)."""
    missing = []
    for written, resolved in script_paths(doc, text):
        full = os.path.join(SOURCE_DIR, resolved)
        exists = (glob.glob(full) if '*' in resolved
                  else os.path.exists(full))
        if not exists:
            missing.append((doc, written))
    return missing


def help_flags():
    result = subprocess.run([EXPORTER, '--help'], capture_output=True,
                            text=True, timeout=30)
    harness.check(result.returncode == 0, result.stderr)
    flags = set()
    for line in result.stdout.splitlines():
        match = HELP_FLAG.match(line)
        if match:
            flags.add('--' + match.group(2))
            if match.group(1):
                flags.add('--no-' + match.group(2))
    harness.check('--web.listen-address' in flags,
                  'no flags read from --help:\n' + result.stdout)
    return flags


def unknown_flags(doc, text, known):
    """(doc, command line, flag) for every flag --help does not list."""
    return [(doc, line.strip(), flag) for line in shell_lines(text)
            for flag in exporter_flags(line) if flag not in known]


def read(doc):
    with open(os.path.join(SOURCE_DIR, doc), encoding='utf-8') as file:
        return file.read()


def test_named_scripts_exist():
    docs = markdown_files()
    harness.check('README.md' in docs and 'docs/development.md' in docs,
                  'Markdown files not found: %r' % docs)
    missing = [found for doc in docs for found in missing_scripts(doc,
                                                                  read(doc))]
    harness.check(not missing, 'paths that do not exist:\n' + ''.join(
        '  %s names %s\n' % found for found in missing))


def test_command_line_flags_are_in_help():
    known = help_flags()
    docs = markdown_files()
    # The examples of README.md and docs/web-config.md must be seen, or
    # the reading is broken.
    seen = {doc for doc in docs for line in shell_lines(read(doc))
            if exporter_flags(line)}
    harness.check({'README.md', 'docs/web-config.md'} <= seen,
                  'no portwatch_exporter command line found in README.md or '
                  'docs/web-config.md; found some in: %r' % sorted(seen))
    unknown = [found for doc in docs
               for found in unknown_flags(doc, read(doc), known)]
    harness.check(not unknown, 'flags --help does not list:\n' + ''.join(
        '  %s: %s in `%s`\n' % (doc, flag, line)
        for doc, line, flag in unknown))


def test_the_checks_can_fail():
    known = help_flags()
    text = '\n'.join([
        'Run `scripts/no-such-script.sh` first, or',
        '[this](../scripts/ci/no-such.sh), or scripts/run.sh.',
        '',
        '    sudo PORTWATCH=1 portwatch_exporter --no-such-flag \\',
        '      --collector.no_such=false   # a comment --not-this',
        '',
        '```',
        'build-release/exporter/portwatch_exporter --web.listen-address=:1'
        ' | grep --not-this',
        '```',
        'and `portwatch_exporter',
        '--wrapped-flag` in prose; `journalctl -u portwatch_exporter --since`',
        'and `portwatch_exporter.exe --windows-only` are not checked.',
    ])
    missing = sorted(written for _, written in
                     missing_scripts('docs/example.md', text))
    harness.check(missing == ['../scripts/ci/no-such.sh',
                              'scripts/no-such-script.sh'], missing)
    unknown = [flag for _, _, flag in
               unknown_flags('docs/example.md', text, known)]
    harness.check(unknown == ['--no-such-flag', '--collector.no_such',
                              '--wrapped-flag'], unknown)


if __name__ == '__main__':
    harness.run_tests([test_named_scripts_exist,
                       test_command_line_flags_are_in_help,
                       test_the_checks_can_fail])
