"""The documented test override of alerts/portwatch.rules.yml: the same file
with every `for:` duration scaled down (minutes become seconds, hours become
minutes), so the end-to-end test sees alerts fire in seconds. Nothing else
changes. Usage: python3 rule_override.py RULES > scaled.yml"""

import re
import sys

_FOR = re.compile(r'^(\s*for:\s*)(\d+)([smh])\s*$')


def scale_for_durations(text):
    """Returns `text` with each `for: N<unit>` line scaled by 1/60."""
    def scale(line):
        match = _FOR.match(line)
        if not match:
            return line
        prefix, number, unit = match.groups()
        smaller = {'h': 'm', 'm': 's', 's': 's'}[unit]
        if unit == 's':
            number = str(max(1, int(number) // 60))
        return '%s%s%s' % (prefix, number, smaller)
    return '\n'.join(scale(line) for line in text.split('\n'))


if __name__ == '__main__':
    with open(sys.argv[1]) as rules:
        sys.stdout.write(scale_for_durations(rules.read()))
