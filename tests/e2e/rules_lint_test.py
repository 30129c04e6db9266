"""Checks of the rendered rules (alerts/portwatch.rules.yml and
alerts/portwatch.alerts.yml) beyond promtool: every alert has severity, a
static summary, a templated description, a runbook_url whose page exists
and a dashboard_url; alerts read only recorded series (selectors and
thresholds live in the recording rules, rendered from the mixin's
_config); the promtool tests make every alert fire at both of its
severities; every metric the rules and the dashboard use is documented;
the PrometheusRule wrapper carries the same groups and the labels asked
for."""

import glob
import json
import os
import re
import subprocess

import yaml

import harness

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
ALERTS_DIR = os.path.join(SOURCE_DIR, 'alerts')
RULE_FILES = [os.path.join(ALERTS_DIR, name)
              for name in ('portwatch.rules.yml', 'portwatch.alerts.yml')]
REQUIRED = {
    'PortwatchEphemeralPortsRunningLow': {'warning', 'critical'},
    'PortwatchEphemeralPortsExhausted': {'warning', 'critical'},
    'PortwatchEphemeralPortsExhaustionForecast': {'warning', 'critical'},
    'PortwatchEphemeralPortsSlowLeak': {'warning'},
    'PortwatchNamespaceEphemeralPortsRunningLow': {'warning', 'critical'},
    'PortwatchPortAllocationFailures': {'warning', 'critical'},
    'PortwatchTimeWaitCollisions': {'warning', 'critical'},
    'PortwatchTimeWaitConcentration': {'warning'},
    'PortwatchCloseWaitLeak': {'warning'},
    'PortwatchEphemeralRangeShrank': {'warning'},
    'PortwatchUtilizationMissing': {'warning'},
    'PortwatchCollectorFailing': {'warning'},
    'PortwatchWebConfigReloadFailing': {'warning'},
    'PortwatchExporterDown': {'warning'},
}
CONSTANT_VALUE = {'PortwatchCollectorFailing', 'PortwatchExporterDown',
                  'PortwatchWebConfigReloadFailing',
                  'PortwatchUtilizationMissing'}
METRIC = re.compile(r'\b(portwatch_[a-z0-9_]+)')


def groups():
    found = []
    for path in RULE_FILES:
        with open(path) as source:
            found.extend(yaml.safe_load(source)['groups'])
    return found


def rules():
    return [r for g in groups() for r in g['rules']]


def alerts():
    return [r for r in rules() if 'alert' in r]


def test_required_alerts_and_annotations():
    severities = {}
    for alert in alerts():
        severities.setdefault(alert['alert'], set()).add(
            alert['labels']['severity'])
    harness.check(severities == REQUIRED, 'alerts and severities %r' %
                  severities)
    for alert in alerts():
        name = alert['alert']
        notes = alert['annotations']
        harness.check(set(notes) == {'summary', 'description', 'runbook_url',
                                     'dashboard_url'}, name + ' annotations')
        harness.check('{{' not in notes['summary'], name + ' summary is static')
        harness.check('$labels' in notes['description'],
                      name + ' description uses labels')
        if name not in CONSTANT_VALUE:
            harness.check('$value' in notes['description'],
                          name + ' description uses the value')
        url = notes['runbook_url']
        harness.check(url.endswith('/docs/runbooks/%s.md' % name),
                      name + ' runbook_url ' + url)
        page = os.path.join(SOURCE_DIR, 'docs', 'runbooks', name + '.md')
        harness.check(os.path.isfile(page), 'missing runbook ' + page)


def test_alerts_read_only_recorded_series():
    for alert in alerts():
        expr = alert['expr']
        harness.check(not METRIC.search(expr) and 'job=' not in expr and
                      not re.search(r'(?<![\w:])up\b', expr),
                      '%s selects raw series; use the selector rules: %s'
                      % (alert['alert'], expr))
        without_strings = re.sub(r'"[^"]*"', '""', expr)
        numbers = set(re.findall(r'(?<![\w.:])\d+(?:\.\d+)?(?![\w.])',
                                 without_strings))
        harness.check(numbers <= {'0', '1'}, '%s has literal thresholds %r; '
                      'use a portwatch:threshold: rule' % (alert['alert'],
                                                           numbers))
    for rule in rules():
        if rule.get('record', '').startswith('portwatch:threshold:'):
            harness.check(re.fullmatch(r'vector\([\d.]+\)', rule['expr']),
                          'threshold %s is not a constant' % rule['record'])


def test_promtool_tests_make_every_alert_fire_at_each_severity():
    fired = {}
    for path in glob.glob(os.path.join(ALERTS_DIR, 'tests', '*.test.yml')):
        with open(path) as source:
            for case in yaml.safe_load(source)['tests']:
                for check in case.get('alert_rule_test', []):
                    for alert in check.get('exp_alerts') or []:
                        fired.setdefault(check['alertname'], set()).add(
                            alert['exp_labels']['severity'])
    harness.check(fired == REQUIRED, 'never fired in tests: %r' % {
        name: REQUIRED[name] - fired.get(name, set()) for name in REQUIRED
        if REQUIRED[name] - fired.get(name, set())})


def test_every_used_metric_is_documented():
    with open(os.path.join(SOURCE_DIR, 'docs', 'metrics.md')) as source:
        documented = set(METRIC.findall(source.read()))
    with open(os.path.join(SOURCE_DIR, 'dashboards', 'portwatch.json')) as d:
        dashboard = json.load(d)
    panels = list(dashboard['panels'])
    for row in dashboard['panels']:
        panels.extend(row.get('panels', []))
    exprs = [t['expr'] for p in panels for t in p.get('targets', [])]
    used = set(METRIC.findall(' '.join([r['expr'] for r in rules()] + exprs)))
    harness.check(used <= documented, 'undocumented metrics %r' %
                  sorted(used - documented))


def test_prometheusrule_wrapper():
    script = os.path.join(SOURCE_DIR, 'scripts', 'make-prometheusrule.sh')
    output = subprocess.run([script, 'ops', 'release=kube-prometheus-stack'],
                            check=True, capture_output=True, text=True).stdout
    manifest = yaml.safe_load(output)
    harness.check(manifest['kind'] == 'PrometheusRule' and
                  manifest['metadata']['namespace'] == 'ops', 'header')
    harness.check(manifest['metadata']['labels'].get('release') ==
                  'kube-prometheus-stack', 'release label: %r' %
                  manifest['metadata']['labels'])
    harness.check(manifest['spec']['groups'] == groups(), 'groups differ')
    bad = subprocess.run([script, 'ops', 'no-equals-sign'],
                         capture_output=True, text=True)
    harness.check(bad.returncode == 2 and 'LABEL=VALUE' in bad.stderr,
                  'a malformed label is refused: %r' % bad.stderr)


if __name__ == '__main__':
    harness.run_tests([test_required_alerts_and_annotations,
                       test_alerts_read_only_recorded_series,
                       test_promtool_tests_make_every_alert_fire_at_each_severity,
                       test_every_used_metric_is_documented,
                       test_prometheusrule_wrapper])
