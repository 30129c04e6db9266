#!/usr/bin/env python3
"""Mutation test of the rendered rules: changes every threshold, window,
offset, `for:`, `keep_firing_for`, comparison and numeric literal in
alerts/portwatch.rules.yml and alerts/portwatch.alerts.yml, one at a time,
and runs `promtool test rules` on each mutant. Fails (exit 1) unless every
mutant fails some test, i.e. the tests pin every number and duration.

Usage: alerts/tests/mutate_rules.py [--jobs N] [--list]"""

import argparse
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ALERTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULE_FILES = ('portwatch.rules.yml', 'portwatch.alerts.yml')
UNITS = [('d', 86400), ('h', 3600), ('m', 60), ('s', 1)]
DURATION = r'(?:\d+[dhms])+'
# In an expression: a range [5m] or an offset.
WINDOW = re.compile(r'(\[|offset )(' + DURATION + r')')
COMPARISON = re.compile(r'(?<![=!<>])(>=|<=|>|<)(?!=)')
# A number that is not part of a name, label value, duration or range.
NUMBER = re.compile(r'(?<![\w:."\[])(\d+(?:\.\d+)?)(?![\w."\]])')
SWAPPED = {'>=': '>', '>': '>=', '<=': '<', '<': '<='}


def seconds(duration):
    return sum(int(n) * dict(UNITS)[u]
               for n, u in re.findall(r'(\d+)([dhms])', duration))


def duration_text(total):
    parts = []
    for unit, size in UNITS:
        if total >= size:
            parts.append('%d%s' % (total // size, unit))
            total %= size
    return ''.join(parts) or '0s'


def scaled_durations(duration):
    """Shorter and longer by at least one minute (the evaluation step)."""
    total = seconds(duration)
    step = 60 if total >= 120 else 1
    shorter = max(step, round(total * 0.6 / step) * step)
    longer = max(total + step, round(total * 1.5 / step) * step)
    return [duration_text(d) for d in (shorter, longer) if d != total]


def scaled_numbers(text):
    value = float(text)
    if value == int(value) and value >= 1:
        candidates = [value - 1, value + 1] if value < 10 else [value * 0.9, value * 1.1]
    elif value == 0:
        candidates = [0.5]
    else:
        candidates = [value * 0.9, value * 1.1]
    return ['%g' % c for c in candidates]


def expression_mutants(expr):
    """(description, mutated expr) for every site in one expression."""
    for match in WINDOW.finditer(expr):
        for new in scaled_durations(match.group(2)):
            yield ('%s%s -> %s' % (match.group(1), match.group(2), new),
                   expr[:match.start(2)] + new + expr[match.end(2):])
    for match in COMPARISON.finditer(expr):
        new = SWAPPED[match.group(1)]
        yield ('%s -> %s' % (match.group(1), new),
               expr[:match.start()] + new + expr[match.end():])
    for match in NUMBER.finditer(expr):
        for new in scaled_numbers(match.group(1)):
            yield ('%s -> %s' % (match.group(1), new),
                   expr[:match.start(1)] + new + expr[match.end(1):])


def rule_name(rule):
    return rule.get('alert') or rule.get('record')


def mutants(documents):
    """(description, file name, mutated document, rule name) for every
    site."""
    for file_name, document in documents.items():
        for group_index, group in enumerate(document['groups']):
            for rule_index, rule in enumerate(group['rules']):
                where = '%s #%d %s' % (file_name, rule_index, rule_name(rule))
                if 'labels' in rule and 'severity' in rule['labels']:
                    where += ' (%s)' % rule['labels']['severity']

                def with_rule(changes):
                    copy = yaml.safe_load(yaml.safe_dump(document))
                    copy['groups'][group_index]['rules'][rule_index].update(changes)
                    return copy

                for field in ('for', 'keep_firing_for'):
                    if field in rule:
                        for new in scaled_durations(rule[field]):
                            yield ('%s: %s %s -> %s' % (where, field, rule[field], new),
                                   file_name, with_rule({field: new}),
                                   rule_name(rule))
                for what, expr in expression_mutants(rule['expr']):
                    yield ('%s: %s' % (where, what), file_name,
                           with_rule({'expr': expr}), rule_name(rule))


def survives(mutant, tests):
    """True when promtool passes every test with the mutant in place.
    `tests` maps each test file to its text."""
    _, file_name, document, name = mutant
    workdir = tempfile.mkdtemp(prefix='portwatch-mutant-')
    try:
        os.mkdir(os.path.join(workdir, 'tests'))
        for name in RULE_FILES:
            shutil.copy(os.path.join(ALERTS_DIR, name), workdir)
        with open(os.path.join(workdir, file_name), 'w') as out:
            yaml.safe_dump(document, out)
        # One file at a time: those that name the rule first, then the
        # fastest (the long-horizon ones last); most mutants fail the first.
        order = sorted(tests, key=lambda path: (name not in tests[path],
                                                'long_horizon' in path, path))
        for test in order:
            copy = shutil.copy(test, os.path.join(workdir, 'tests'))
            if subprocess.run(['promtool', 'test', 'rules', copy],
                              capture_output=True).returncode != 0:
                return False
        return True
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    parser.add_argument('--list', action='store_true',
                        help='print the mutants and exit')
    args = parser.parse_args()
    documents = {}
    for name in RULE_FILES:
        with open(os.path.join(ALERTS_DIR, name)) as source:
            documents[name] = yaml.safe_load(source)
    # The long-horizon tests evaluate hours of data: run them last.
    tests = {}
    for path in sorted(glob.glob(os.path.join(ALERTS_DIR, 'tests',
                                              '*.test.yml'))):
        with open(path) as text:
            tests[path] = text.read()
    all_mutants = list(mutants(documents))
    if args.list:
        for description, _, _, _ in all_mutants:
            print(description)
        return 0
    baseline = subprocess.run(['promtool', 'test', 'rules'] + list(tests),
                              capture_output=True, text=True)
    if baseline.returncode != 0:
        print('the unmutated rules fail their tests:\n' + baseline.stdout +
              baseline.stderr)
        return 1
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda m: survives(m, tests), all_mutants))
    survivors = [m[0] for m, alive in zip(all_mutants, results) if alive]
    print('%d mutants, %d caught' % (len(all_mutants),
                                      len(all_mutants) - len(survivors)))
    for description in survivors:
        print('SURVIVED: ' + description)
    return 1 if survivors or not all_mutants else 0


if __name__ == '__main__':
    sys.exit(main())
