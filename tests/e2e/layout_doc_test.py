"""The "Layout" section of docs/development.md against the tree: every
folder with a CMakeLists.txt (one CMake target each) and every top-level
folder is named there as `path/`, and every `path/` named there exists."""

import os
import re
import subprocess

import harness

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
DEVELOPMENT_MD = os.path.join(SOURCE_DIR, 'docs', 'development.md')


def layout_section():
    with open(DEVELOPMENT_MD, encoding='utf-8') as doc:
        text = doc.read()
    match = re.search(r'^## Layout\n(.*?)(?=^## |\Z)', text, re.S | re.M)
    harness.check(match, 'docs/development.md has no "## Layout" section')
    return match.group(1)


def named_folders(section):
    """The `folder/` paths the section names, without the trailing /."""
    return {path.rstrip('/') for path in
            re.findall(r'`([A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*/)`',
                       section)}


def tracked_files():
    return subprocess.run(['git', 'ls-files'], cwd=SOURCE_DIR, check=True,
                          capture_output=True, text=True).stdout.split()


def code_folders(files):
    """Folders of the build: those with a CMakeLists.txt, but the root and
    third-party code."""
    return {os.path.dirname(path) for path in files
            if os.path.basename(path) == 'CMakeLists.txt'
            and os.path.dirname(path)
            and not path.startswith('third_party/')}


def test_every_build_folder_is_in_the_layout():
    named = named_folders(layout_section())
    missing = sorted(code_folders(tracked_files()) - named)
    harness.check(not missing, 'folders with a CMakeLists.txt that the '
                  'Layout section does not name: %s' % missing)


def test_every_top_level_folder_is_in_the_layout():
    named = named_folders(layout_section())
    top = {path.split('/')[0] for path in tracked_files() if '/' in path
           and not path.startswith('.')}
    missing = sorted(top - named)
    harness.check(not missing, 'top-level folders the Layout section does '
                  'not name: %s' % missing)


def test_every_folder_in_the_layout_exists():
    gone = sorted(path for path in named_folders(layout_section())
                  if not os.path.isdir(os.path.join(SOURCE_DIR, path)))
    harness.check(not gone, 'the Layout section names folders that do not '
                  'exist: %s' % gone)


if __name__ == '__main__':
    harness.run_tests([test_every_build_folder_is_in_the_layout,
                       test_every_top_level_folder_is_in_the_layout,
                       test_every_folder_in_the_layout_exists])
