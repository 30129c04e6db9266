"""The documented test override of the rendered rules
(alerts/portwatch.rules.yml, alerts/portwatch.alerts.yml): the same rules
with time scaled down 60 times (minutes become seconds, hours minutes),
so the end-to-end test sees alerts fire in seconds. Scaled: every `for:`
and `keep_firing_for:`, every range `[..]` and `offset` in expressions, and
the `portwatch:threshold:*_seconds` horizons. Thresholds, labels and
annotations do not change. Usage: python3 rule_override.py RULES > scaled.yml"""

import re
import sys

import yaml

SCALE = 60
_UNITS = [('d', 86400), ('h', 3600), ('m', 60), ('s', 1)]
_IN_EXPR = re.compile(r'(\[|offset )((?:\d+[dhms])+)')
_SECONDS_VECTOR = re.compile(r'^vector\((\d+(?:\.\d+)?)\)$')


def _seconds(duration):
    return sum(int(n) * dict(_UNITS)[u]
               for n, u in re.findall(r'(\d+)([dhms])', duration))


def scale_duration(duration):
    """'5m' -> '5s', '6h' -> '6m', '90s' -> '1s' (never below 1s)."""
    total = max(1, round(_seconds(duration) / SCALE))
    parts = []
    for unit, size in _UNITS:
        if total >= size:
            parts.append('%d%s' % (total // size, unit))
            total %= size
    return ''.join(parts)


def scale_rule(rule):
    scaled = dict(rule)
    for field in ('for', 'keep_firing_for'):
        if field in scaled:
            scaled[field] = scale_duration(scaled[field])
    scaled['expr'] = _IN_EXPR.sub(
        lambda m: m.group(1) + scale_duration(m.group(2)), scaled['expr'])
    seconds = _SECONDS_VECTOR.match(scaled['expr'].strip())
    if seconds and scaled.get('record', '').endswith('_seconds'):
        scaled['expr'] = 'vector(%g)' % (float(seconds.group(1)) / SCALE)
    return scaled


def scale_rules(text):
    """Returns the rules file `text` with its time scaled down."""
    document = yaml.safe_load(text)
    for group in document['groups']:
        group['rules'] = [scale_rule(rule) for rule in group['rules']]
    return yaml.safe_dump(document, sort_keys=False)


if __name__ == '__main__':
    with open(sys.argv[1]) as rules:
        sys.stdout.write(scale_rules(rules.read()))
