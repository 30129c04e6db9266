"""Checks of alerts/portwatch.rules.yml beyond promtool: every required
alert exists with severity, a static summary, a templated description and
a runbook_url whose page exists; alerts use only the recorded selector and
threshold series (so selectors and thresholds live in one place); the
promtool tests make every alert fire at least once; every metric the rules
and the dashboard use is documented; the PrometheusRule wrapper carries the
same groups."""

import json
import os
import re
import subprocess

import yaml

import harness

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
RULES = os.path.join(SOURCE_DIR, 'alerts', 'portwatch.rules.yml')
RULE_TESTS = os.path.join(SOURCE_DIR, 'alerts', 'tests',
                          'portwatch.rules.test.yml')
REQUIRED = {'PortwatchEphemeralPortsRunningLow',
            'PortwatchEphemeralPortsExhaustionForecast',
            'PortwatchTimeWaitCollisions', 'PortwatchEphemeralPortsExhausted',
            'PortwatchTimeWaitConcentration', 'PortwatchCollectorFailing',
            'PortwatchExporterDown', 'PortwatchWebConfigReloadFailing'}
CONSTANT_VALUE = {'PortwatchCollectorFailing', 'PortwatchExporterDown',
                  'PortwatchWebConfigReloadFailing'}
METRIC = re.compile(r'\b(portwatch_[a-z0-9_]+)')


def rules():
    with open(RULES) as source:
        return [r for g in yaml.safe_load(source)['groups'] for r in g['rules']]


def alerts():
    return [r for r in rules() if 'alert' in r]


def test_required_alerts_and_annotations():
    harness.check({a['alert'] for a in alerts()} == REQUIRED,
                  'alerts %r' % sorted({a['alert'] for a in alerts()}))
    for alert in alerts():
        name = alert['alert']
        harness.check(alert['labels']['severity'] in ('warning', 'critical'),
                      name + ' severity')
        notes = alert['annotations']
        harness.check('{{' not in notes['summary'], name + ' summary is static')
        harness.check('$labels' in notes['description'],
                      name + ' description uses labels')
        # Where the value is a constant (success 0, up 0) it says nothing.
        if name not in CONSTANT_VALUE:
            harness.check('$value' in notes['description'],
                          name + ' description uses the value')
        url = notes['runbook_url']
        harness.check(url.endswith('/docs/runbooks/%s.md' % name),
                      name + ' runbook_url ' + url)
        page = os.path.join(SOURCE_DIR, 'docs', 'runbooks', name + '.md')
        harness.check(os.path.isfile(page), 'missing runbook ' + page)


def test_selectors_and_thresholds_live_in_one_place():
    for alert in alerts():
        expr = alert['expr']
        harness.check(not METRIC.search(expr) and 'job=' not in expr and
                      not re.search(r'(?<![\w:])up\b', expr),
                      '%s selects raw series; use the selector rules: %s'
                      % (alert['alert'], expr))
        numbers = set(re.findall(r'(?<![\w.])\d+(?:\.\d+)?(?![\w.])', expr))
        harness.check(numbers <= {'0', '1', '4227', '4231', '4266'},
                      '%s has literal thresholds %r; use a '
                      'portwatch:threshold: rule' % (alert['alert'], numbers))


def test_promtool_tests_make_every_alert_fire():
    with open(RULE_TESTS) as source:
        cases = yaml.safe_load(source)['tests']
    fired = {check['alertname'] for case in cases
             for check in case.get('alert_rule_test', [])
             if check.get('exp_alerts')}
    harness.check(fired == REQUIRED, 'never fired in tests: %r' %
                  sorted(REQUIRED - fired))


def test_every_used_metric_is_documented():
    with open(os.path.join(SOURCE_DIR, 'docs', 'metrics.md')) as source:
        documented = set(METRIC.findall(source.read()))
    with open(os.path.join(SOURCE_DIR, 'dashboards', 'portwatch.json')) as d:
        exprs = [t['expr'] for p in json.load(d)['panels']
                 for t in p.get('targets', [])]
    used = set(METRIC.findall(' '.join([r['expr'] for r in rules()] + exprs)))
    harness.check(used <= documented, 'undocumented metrics %r' %
                  sorted(used - documented))


def test_prometheusrule_wrapper():
    output = subprocess.run(
        [os.path.join(SOURCE_DIR, 'scripts', 'make-prometheusrule.sh'), 'ops'],
        check=True, capture_output=True, text=True).stdout
    manifest = yaml.safe_load(output)
    harness.check(manifest['kind'] == 'PrometheusRule' and
                  manifest['metadata']['namespace'] == 'ops', 'header')
    with open(RULES) as source:
        harness.check(manifest['spec']['groups'] ==
                      yaml.safe_load(source)['groups'], 'groups differ')


if __name__ == '__main__':
    harness.run_tests([test_required_alerts_and_annotations,
                       test_selectors_and_thresholds_live_in_one_place,
                       test_promtool_tests_make_every_alert_fire,
                       test_every_used_metric_is_documented,
                       test_prometheusrule_wrapper])
