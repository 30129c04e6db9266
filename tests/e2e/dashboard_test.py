"""Structural checks of dashboards/portwatch.json, the Grafana dashboard
rendered from the jsonnet in mixin/dashboards/: the committed JSON is a
fresh render, panel ids are unique, every gridPos is valid and panels do not
overlap, the datasource variable is used everywhere, every panel says what
to do and links the runbooks of its alerts, every query is scoped by the
job and instance variables, thresholds are the mixin's _config values,
topk panels show the same k series over the whole range, Windows
events are counted, never turned into rates, and the queries of the
"Namespaces and processes" row (collectors netns and process, joined with
kube-state-metrics) give the expected series on synthetic data, evaluated
by promtool. With the mixin's showMultiCluster switch on (off in the
committed JSON), a cluster variable comes first, job and instance list
that cluster's, every series every query reads is the selected cluster's
(checked selector by selector, and on synthetic series of two clusters
that reuse job and instance names), the dashboard is otherwise the same,
and alerts link to it with their cluster. (The queries themselves are
evaluated against a real Prometheus in alerting_stack_test.py.)"""

import functools
import glob
import json
import os
import re
import subprocess
import tempfile
import urllib.parse

import yaml

import harness

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
MIXIN = os.path.join(SOURCE_DIR, 'mixin')
DASHBOARD = os.path.join(SOURCE_DIR, 'dashboards', 'portwatch.json')
DATASOURCE = {'type': 'prometheus', 'uid': '${datasource}'}
PANEL_TYPES = {'row', 'timeseries', 'stat', 'table'}
# The only Grafana macros the full-stack test knows how to substitute.
MACROS = {'$__range', '$__interval', '$__rate_interval'}
# Alerts without a panel of their own (the firing-alerts table still links
# every firing alert's runbook): the web config only exists with
# --web.config.file, so a panel for it would be empty on most hosts.
ALERTS_WITHOUT_PANEL = {'PortwatchWebConfigReloadFailing'}
# The recorded peaks of the host and of each network namespace (pod).
RECORDED_PEAKS = ('portwatch:ephemeral_port_utilization:peak_ratio',
                  'portwatch:netns_ephemeral_port_utilization:peak_ratio')
ROWS = ['Failing now', 'Headroom & forecast', 'Fleet settings',
        'Culprits: destinations and endpoints', 'Namespaces and processes',
        'Sockets', 'Exporter health']
ATTRIBUTION_ROW = 'Namespaces and processes'
DURATION_UNITS = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}


def jsonnet(expression):
    result = subprocess.run(['jsonnet', '-e', expression], cwd=SOURCE_DIR,
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def config():
    return jsonnet("(import 'mixin/mixin.libsonnet')._config")


def mixin_with(overrides):
    """The mixin with `overrides` (jsonnet fields) added to its _config."""
    return ("((import 'mixin/mixin.libsonnet') + {_config+:: {%s}})"
            % overrides)


@functools.lru_cache(maxsize=None)
def multi_cluster(label='cluster'):
    """The dashboard rendered with showMultiCluster on (one render per
    label: callers must not change it)."""
    return jsonnet(mixin_with("showMultiCluster: true, clusterLabel: '%s'"
                              % label) + ".grafanaDashboards['portwatch.json']")


def alert_names():
    return set(jsonnet("[r.alert for g in (import 'mixin/mixin.libsonnet')"
                       ".prometheusAlerts.groups for r in g.rules]"))


def seconds(duration):
    parts = re.findall(r'(\d+)([smhdw])', duration)
    harness.check(''.join(n + u for n, u in parts) == duration,
                  'duration %r' % duration)
    return sum(int(n) * DURATION_UNITS[u] for n, u in parts)


def load():
    with open(DASHBOARD) as source:
        return json.load(source)


def all_panels(dashboard):
    for panel in dashboard['panels']:
        yield panel
        for inner in panel.get('panels', []):
            yield inner


def query_panels(dashboard):
    return [p for p in all_panels(dashboard) if p['type'] != 'row']


def exprs(panel):
    return [target['expr'] for target in panel.get('targets', [])]


def threshold_configs(panel):
    """Every thresholds object of a panel: defaults and overrides."""
    field_config = panel.get('fieldConfig', {})
    found = []
    if 'thresholds' in field_config.get('defaults', {}):
        found.append(field_config['defaults']['thresholds'])
    for override in field_config.get('overrides', []):
        for prop in override['properties']:
            if prop['id'] == 'thresholds':
                found.append(prop['value'])
    return found


def step_values(thresholds):
    return [step['value'] for step in thresholds['steps']
            if step['value'] is not None]


# PromQL, just enough to find every series selector of the dashboard's
# queries: strings, matcher sets, ranges and subqueries, numbers and
# durations, names.
TOKEN = re.compile(r'''
    (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)
  | (?P<matchers>\{(?:[^}"']|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')*\})
  | (?P<range>\[[^\]]*\])
  | (?P<number>\d[\w.]*)
  | (?P<name>[A-Za-z_:][\w:]*)
  | (?P<space>\s+)
  | (?P<other>.)''', re.X)
MATCHER = re.compile(r'([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')
KEYWORDS = {'and', 'or', 'unless', 'bool', 'offset', 'atan2'}
LABEL_LISTS = {'by', 'without', 'on', 'ignoring', 'group_left', 'group_right'}
AGGREGATIONS = {'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar',
                'count', 'count_values', 'bottomk', 'topk', 'quantile'}


def selectors(expr):
    """[(metric name or '', {(label, operator, value)})] of every series
    selector in the PromQL `expr`."""
    tokens = [(m.lastgroup, m.group()) for m in TOKEN.finditer(expr)
              if m.lastgroup != 'space']
    found = []
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else (None, None)
        if kind == 'name' and text in LABEL_LISTS:
            if following[1] == '(':  # a label list: skip it
                i = next(j for j in range(i + 1, len(tokens))
                         if tokens[j][1] == ')')
        elif kind == 'name' and text not in KEYWORDS and following[1] != '(' \
                and not (text in AGGREGATIONS and following[1] in LABEL_LISTS):
            matchers = following[1] if following[0] == 'matchers' else '{}'
            found.append((text, set(MATCHER.findall(matchers))))
            i += following[0] == 'matchers'
        elif kind == 'matchers':
            found.append(('', set(MATCHER.findall(text))))
        i += 1
    return found


def strip_cluster(value):
    """`value` (a rendered dashboard) without what showMultiCluster adds:
    the cluster variable and the cluster matchers."""
    if isinstance(value, dict):
        return {k: strip_cluster(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_cluster(v) for v in value
                if not (isinstance(v, dict) and v.get('name') == 'cluster'
                        and v.get('type') == 'query')]
    if isinstance(value, str):
        for added in ('cluster="$cluster", ', '{cluster="$cluster"}',
                      '{cluster=~"$cluster|"}'):
            value = value.replace(added, '')
    return value


def test_committed_json_is_a_fresh_render():
    with tempfile.TemporaryDirectory() as out:
        # jsonnet -m writes into existing directories only.
        names = subprocess.run(
            ['jsonnet', '-S', '-e', 'std.join("\\n", std.objectFields('
             'import "render.jsonnet"))'], cwd=MIXIN, check=True,
            capture_output=True, text=True).stdout.split()
        for name in names:
            os.makedirs(os.path.join(out, os.path.dirname(name)),
                        exist_ok=True)
        subprocess.run(['jsonnet', '-S', '-m', out, 'render.jsonnet'],
                       cwd=MIXIN, check=True, capture_output=True, text=True)
        rendered = sorted(os.path.basename(path) for path in
                          glob.glob(os.path.join(out, 'dashboards', '*.json')))
        committed = sorted(os.path.basename(path) for path in
                           glob.glob(os.path.join(SOURCE_DIR, 'dashboards', '*.json')))
        harness.check(rendered == committed, 'dashboards/*.json %r, but the '
                      'mixin renders %r' % (committed, rendered))
        with open(os.path.join(out, 'dashboards', 'portwatch.json')) as fresh:
            harness.check(json.load(fresh) == load(),
                          'dashboards/portwatch.json is stale: run '
                          'scripts/render-mixin.sh')
    harness.check(not os.path.exists(os.path.join(
        SOURCE_DIR, 'dashboards', 'generate_dashboard.py')),
        'the old generator is back: the dashboard is jsonnet now')


def test_dashboard_settings_come_from_config():
    dashboard = load()
    settings = config()['dashboard']
    harness.check(dashboard['editable'] is False, 'editable must be false')
    harness.check(dashboard['uid'] == settings['uid'], 'uid')
    harness.check(dashboard['title'] == settings['title'], 'title')
    harness.check(dashboard['refresh'] == settings['refresh'], 'refresh')
    harness.check(dashboard['time'] == {'from': settings['timeFrom'],
                                        'to': 'now'}, 'time')


def test_panel_ids_and_grid_positions():
    dashboard = load()
    ids = [p['id'] for p in all_panels(dashboard)]
    harness.check(len(ids) == len(set(ids)), 'duplicate panel ids %r' % ids)
    cells = {}
    for panel in dashboard['panels']:
        grid = panel['gridPos']
        harness.check(all(isinstance(grid[k], int) for k in 'xywh'),
                      'non-integer gridPos %r' % grid)
        harness.check(grid['w'] >= 1 and grid['h'] >= 1 and grid['x'] >= 0
                      and grid['y'] >= 0 and grid['x'] + grid['w'] <= 24,
                      'gridPos out of bounds in %r: %r' % (panel['title'], grid))
        for x in range(grid['x'], grid['x'] + grid['w']):
            for y in range(grid['y'], grid['y'] + grid['h']):
                harness.check((x, y) not in cells, 'panels %r and %r overlap'
                              % (cells.get((x, y)), panel['title']))
                cells[(x, y)] = panel['title']
    rows = [p['title'] for p in dashboard['panels'] if p['type'] == 'row']
    harness.check(rows == ROWS, 'rows %r, want %r' % (rows, ROWS))
    harness.check(dashboard['panels'][0]['type'] == 'row' and
                  dashboard['panels'][0]['title'] == 'Failing now',
                  'the first row must be "Failing now"')


def test_every_panel_uses_the_datasource_variable_and_explains_itself():
    for panel in all_panels(load()):
        harness.check(panel['type'] in PANEL_TYPES, 'type %r' % panel['type'])
        if panel['type'] == 'row':
            continue
        title = panel['title']
        harness.check(panel['datasource'] == DATASOURCE, title + ' datasource')
        harness.check(len(panel.get('description', '')) > 100,
                      title + ': description must say what to do')
        harness.check(panel['targets'], title + ': no targets')
        ref_ids = [target['refId'] for target in panel['targets']]
        harness.check(len(ref_ids) == len(set(ref_ids)), title + ': refIds')
        for target in panel['targets']:
            expr = target['expr']
            harness.check(target['datasource'] == DATASOURCE,
                          title + ': target datasource')
            harness.check('job="$job"' in expr and 'instance=~"$instance"' in expr,
                          '%s: query not scoped by $job/$instance: %s' % (title, expr))
            harness.check(target['instant'] != target['range'],
                          '%s: instant or range, not both: %s' % (title, expr))
            macros = set(re.findall(r'\$__\w+', expr))
            harness.check(macros <= MACROS, '%s: macros %r' % (title, macros))
            variables = set(re.findall(r'\$\{?(\w+)', expr)) - {
                m[1:] for m in MACROS}
            harness.check(variables <= {'job', 'instance'},
                          '%s: variables %r' % (title, variables))


def test_thresholds_are_the_config_values():
    cfg = config()
    t = cfg['thresholds']
    outliers = cfg['dashboard']['outliers']
    utilization = [t['runningLowWarning'], t['runningLowCritical'], t['exhausted']]
    allowed = set(t.values()) | {
        seconds(cfg['forecast']['fast']['horizon']),
        seconds(cfg['forecast']['slow']['horizon']),
        outliers['minUsablePorts'], outliers['minFirstPort'],
        # Whole seconds: red from the first second above the limit.
        outliers['maxTimeWaitDelaySeconds'] + 1,
        1,  # one Windows event: the warning event alerts' own `>= 1`
    }
    utilization_panels = 0
    for panel in query_panels(load()):
        title = panel['title']
        for thresholds in threshold_configs(panel):
            values = step_values(thresholds)
            harness.check(set(values) <= allowed, '%s: threshold values %r are '
                          'not from _config (%r)' % (title, values, sorted(allowed)))
        if any(any(peak in e for peak in RECORDED_PEAKS) or
               ('destination_ephemeral_sockets' in e and '/ on' in e)
               for e in exprs(panel)):
            utilization_panels += 1
            if panel['type'] != 'timeseries':
                harness.check(any(step_values(th) == utilization
                                  for th in threshold_configs(panel)),
                              title + ': not coloured by the utilization '
                              'thresholds')
            else:  # the recorded thresholds, drawn as reference lines
                lines = [e for e in exprs(panel) if 'portwatch:threshold:' in e]
                for name in ('running_low_warning', 'running_low_critical',
                             'exhausted'):
                    harness.check(any('portwatch:threshold:' + name in e
                                      for e in lines),
                                  '%s: no %s reference line' % (title, name))
    harness.check(utilization_panels >= 6, 'utilization panels: %d'
                  % utilization_panels)


def test_topk_panels_keep_the_same_k_series():
    k = config()['dashboard']['topK']
    seen = 0
    for panel in query_panels(load()):
        for target in panel['targets']:
            expr = target['expr']
            ks = re.findall(r'\b(?:topk|bottomk)\s*\(\s*([^,\s]+)\s*,', expr)
            if not ks:
                continue
            seen += 1
            harness.check(all(value == str(k) for value in ks),
                          '%s: k %r, want %d from _config' % (panel['title'], ks, k))
            harness.check(target['instant'] or
                          ('@ end()' in expr and '[$__range] @ end()' in expr),
                          '%s: a topk over time must rank once over the range '
                          '(`@ end()`) or be an instant query: %s'
                          % (panel['title'], expr))
    harness.check(seen >= 10, 'only %d topk queries' % seen)


def test_windows_events_are_counts():
    seen = 0
    for panel in query_panels(load()):
        for expr in exprs(panel):
            if 'portwatch_tcpip_events_total' not in expr:
                continue
            seen += 1
            harness.check(not re.search(r'\b(?:i?rate|deriv)\s*\(', expr),
                          '%s: events as a rate: %s' % (panel['title'], expr))
            harness.check('increase(' in expr, '%s: %s' % (panel['title'], expr))
    harness.check(seen >= 2, 'Windows event panels: %d' % seen)


def test_alerts_link_their_runbooks():
    dashboard = load()
    pattern = config()['runbookURLPattern']
    names = alert_names()
    url = re.compile('^' + re.escape(pattern).replace('%s', '(.+)') + '$')
    linked = set()
    for panel in query_panels(dashboard):
        for link in panel.get('links', []):
            match = url.match(link['url'])
            harness.check(match and match.group(1) in names,
                          '%s: link %r is no runbook of a mixin alert'
                          % (panel['title'], link['url']))
            linked.add(match.group(1))
    missing = names - linked - ALERTS_WITHOUT_PANEL
    harness.check(not missing, 'alerts without a panel linking their '
                  'runbook: %r' % sorted(missing))
    firing = [p for p in query_panels(dashboard)
              if any(e.startswith('ALERTS{') for e in exprs(p))]
    harness.check(len(firing) == 1 and firing[0]['gridPos']['y'] == 1,
                  'one firing-alerts panel, at the top')
    data_links = [link['url'] for o in firing[0]['fieldConfig']['overrides']
                  for prop in o['properties'] if prop['id'] == 'links'
                  for link in prop['value']]
    harness.check(data_links == [pattern % '${__value.raw}'],
                  'firing alerts link each runbook: %r' % data_links)


def test_variables():
    dashboard = load()
    harness.check(dashboard['schemaVersion'] >= 36, 'schemaVersion')
    variables = {v['name']: v for v in dashboard['templating']['list']}
    harness.check(set(variables) == {'datasource', 'job', 'instance'},
                  'variables %r' % sorted(variables))
    harness.check(variables['datasource']['type'] == 'datasource' and
                  variables['datasource']['query'] == 'prometheus',
                  'datasource variable')
    queries = {
        'job': 'label_values(portwatch_exporter_build_info, job)',
        'instance': 'label_values(portwatch_exporter_build_info{job="$job"}, '
                    'instance)',
    }
    for name, query in queries.items():
        variable = variables[name]
        harness.check(variable['type'] == 'query' and
                      variable['datasource'] == DATASOURCE,
                      name + ' variable type and datasource')
        harness.check(variable['query'] == query, '%s variable query %r'
                      % (name, variable['query']))
    harness.check(variables['instance']['multi'] and
                  variables['instance']['includeAll'],
                  'instance is multi-value with All')
    harness.check(not variables['job'].get('multi'), 'job is single-value')


# Synthetic series for the "Namespaces and processes" row, scraped the way
# a ServiceMonitor does (portwatch's own series carry the exporter pod's
# namespace and pod labels, which must not be taken for a namespace's
# pod): the exporter's own namespace (left out), a pod kube-state-metrics
# knows, a pod it does not know, an `ip netns` namespace, two processes
# and the unowned sockets.
TARGET = ('job="portwatch",instance="h1:10058",namespace="monitoring",'
          'pod="portwatch-7xk2p"')
RATIO = 'portwatch_netns_ephemeral_port_utilization_ratio'
POD_A = 'netns="4026532301",netns_name="cni-a",pod_uid="uid-a",container_id="ca"'
POD_B = 'netns="4026532402",pod_uid="uid-b",container_id="cb"'
BLUE = 'netns="4026532503",netns_name="blue"'
ATTRIBUTION_SERIES = [
    ('portwatch_exporter_build_info{%s,os="linux",version="1"}' % TARGET, 1),
    ('portwatch_netns_exporter_namespace_info{%s,netns="4026531840"}' % TARGET, 1),
    ('%s{%s,netns="4026531840",family="all",scope="host"}' % (RATIO, TARGET), 0.9),
    ('%s{%s,%s,family="all",scope="host"}' % (RATIO, TARGET, POD_A), 0.3),
    ('%s{%s,%s,family="ipv4",scope="destination"}' % (RATIO, TARGET, POD_A), 0.8),
    ('%s{%s,%s,family="ipv4",scope="destination"}' % (RATIO, TARGET, POD_B), 0.6),
    ('%s{%s,%s,family="ipv6",scope="destination"}' % (RATIO, TARGET, BLUE), 0.2),
    ('kube_pod_info{job="kube-state-metrics",instance="ksm:8080",'
     'namespace="shop",pod="checkout-7d9f",uid="uid-a",node="h1"}', 1),
    ('kube_pod_info{job="kube-state-metrics",instance="ksm:8080",'
     'namespace="other",pod="elsewhere",uid="uid-z",node="h2"}', 1),
    ('portwatch_process_ephemeral_sockets{%s,pid="4242",process="java",'
     'netns="4026532301",family="ipv4",state="established"}' % TARGET, 900),
    ('portwatch_process_ephemeral_sockets{%s,pid="4242",process="java",'
     'netns="4026532301",family="ipv4",state="close_wait"}' % TARGET, 40),
    ('portwatch_process_ephemeral_sockets{%s,pid="77",process="curl",'
     'netns="4026531840",family="ipv6",state="syn_sent"}' % TARGET, 3),
    ('portwatch_process_unowned_ephemeral_sockets{%s,family="ipv4",'
     'state="time_wait"}' % TARGET, 12000),
    ('portwatch_process_unowned_ephemeral_sockets{%s,family="ipv4",'
     'state="syn_recv"}' % TARGET, 0),
]
PEAK = 'portwatch:netns_ephemeral_port_utilization:peak_ratio'
PEAK_LABELS = TARGET + ',os="linux"'
SHOP = 'pod_namespace="shop",pod_name="checkout-7d9f"'
# What each query of the row gives, by the series it reads: pod
# namespace/name joined where kube-state-metrics knows the UID, every other
# namespace still listed once, the exporter's own namespace never.
ATTRIBUTION_EXPECTED = {
    PEAK: [
        ('{%s,%s,%s,family="all",scope="host"}' % (PEAK_LABELS, POD_A, SHOP), 0.3),
        ('{%s,%s,%s,family="ipv4",scope="destination"}' % (PEAK_LABELS, POD_A, SHOP), 0.8),
        ('%s{%s,%s,family="ipv4",scope="destination"}' % (PEAK, PEAK_LABELS, POD_B), 0.6),
        ('%s{%s,%s,family="ipv6",scope="destination"}' % (PEAK, PEAK_LABELS, BLUE), 0.2),
    ],
    'portwatch_process_ephemeral_sockets': [
        (name, value) for name, value in ATTRIBUTION_SERIES
        if name.startswith('portwatch_process_ephemeral_sockets')],
    'portwatch_process_unowned_ephemeral_sockets': [
        ('{state="time_wait"}', 12000)],
}


def row_panels(dashboard, title):
    row = None
    for panel in dashboard['panels']:
        if panel['type'] == 'row':
            row = panel['title']
        elif row == title:
            yield panel


def in_cluster(series, cluster):
    """A series (or expected label set) `{...}` with a cluster label."""
    return series[:-1] + ',cluster="%s"}' % cluster


def promtool_test(rule_files, input_series, cases, what):
    """Evaluates the promql_expr_test `cases` on `input_series` [(series,
    promtool values)] with `rule_files`; fails with promtool's report."""
    with tempfile.TemporaryDirectory() as out:
        test_file = os.path.join(out, 'queries.test.yml')
        with open(test_file, 'w') as test:
            yaml.safe_dump({
                'rule_files': rule_files,
                'evaluation_interval': '1m',
                'tests': [{
                    'interval': '1m',
                    'input_series': [{'series': name, 'values': values}
                                     for name, values in input_series],
                    'promql_expr_test': cases,
                }],
            }, test, width=1000)
        result = subprocess.run(['promtool', 'test', 'rules', test_file],
                                capture_output=True, text=True)
        harness.check(result.returncode == 0, '%s:\n%s%s' % (
            what, result.stdout, result.stderr))


def check_attribution_queries(dashboard, cluster=None):
    """Runs every query of the "Namespaces and processes" row (but the
    threshold lines other panels share) through promtool against the
    shipped recording rules and ATTRIBUTION_SERIES. With `cluster`, the
    dashboard is the multi-cluster one: the series are in cluster "a",
    again in cluster "b" (the same job, instance and namespaces; its
    kube-state-metrics knows a pod UID that "a"'s does not), and the
    queries, for cluster "a", must give what they give without clusters,
    in cluster "a"."""
    series = [(name, value) for name, value in ATTRIBUTION_SERIES]
    expected = ATTRIBUTION_EXPECTED
    if cluster:
        series = ([(in_cluster(name, 'a'), value) for name, value in series] +
                  [(in_cluster(name, 'b'), value) for name, value in series] +
                  [('kube_pod_info{job="kube-state-metrics",instance="ksm:8080",'
                    'namespace="intruder",pod="from-b",uid="uid-b",node="h1",'
                    'cluster="b"}', 1)])
        # Aggregations without the target labels lose the cluster too.
        expected = {read: [(in_cluster(labels, 'a') if 'job=' in labels
                            else labels, value) for labels, value in samples]
                    for read, samples in ATTRIBUTION_EXPECTED.items()}
    cases = []
    for panel in row_panels(dashboard, ATTRIBUTION_ROW):
        for expr in exprs(panel):
            if expr.startswith('portwatch:threshold:'):
                continue
            reads = [name for name in expected if name in expr]
            harness.check(len(reads) == 1, '%s: no expected result for %s'
                          % (panel['title'], expr))
            cases.append({
                'expr': (expr.replace('$cluster', 'a')
                         .replace('$job', 'portwatch')
                         .replace('$instance', 'h1:10058')
                         .replace('$__range', '10m')),
                'eval_time': '10m',
                'exp_samples': [{'labels': labels, 'value': value} for
                                labels, value in expected[reads[0]]],
            })
    harness.check(len(cases) >= 4, 'attribution queries: %d' % len(cases))
    promtool_test([os.path.join(SOURCE_DIR, 'alerts', 'portwatch.rules.yml')],
                  [(name, '%gx10' % value) for name, value in series], cases,
                  'the "%s" queries give other series than expected%s'
                  % (ATTRIBUTION_ROW, ' (multi-cluster)' if cluster else ''))


def test_attribution_queries_on_synthetic_data():
    check_attribution_queries(load())


def test_every_selector_is_scoped():
    """Every series selector of every query (not only somewhere in the
    query) selects the dashboard's job and instances, but the recorded
    thresholds (one series each) and kube-state-metrics' kube_pod_info;
    with showMultiCluster, every one selects the dashboard's cluster too,
    whatever clusterLabel is."""
    # The parser finds every selector, with its matchers.
    found = selectors('sum by (cluster) (rate(a{job="x", y=~"$c|"}[5m])) '
                      'and on (i) b offset 5m > bool 0 or vector(1) * '
                      'topk(3, c:d @ end()) or max without () (e[1h:5m])')
    harness.check(found == [('a', {('job', '=', 'x'), ('y', '=~', '$c|')}),
                            ('b', set()), ('c:d', set()), ('e', set())],
                  'selectors() found %r' % found)
    unscoped = ('portwatch:threshold:', 'kube_pod_info')
    for dashboard, label in ((load(), None), (multi_cluster(), 'cluster'),
                             (multi_cluster('k8s_cluster'), 'k8s_cluster')):
        seen = 0
        for panel in query_panels(dashboard):
            for expr in exprs(panel):
                where = '%s (clusterLabel %s): %s' % (panel['title'], label, expr)
                for name, matchers in selectors(expr):
                    seen += 1
                    harness.check(name, 'a selector without a name: ' + where)
                    if not name.startswith(unscoped):
                        harness.check(('job', '=', '$job') in matchers and
                                      ('instance', '=~', '$instance') in matchers,
                                      '%s{...} not scoped by $job/$instance: %s'
                                      % (name, where))
                    clusters = {m for m in matchers if '$cluster' in m[2]}
                    if label is None:
                        harness.check(not clusters, 'a cluster matcher '
                                      'without showMultiCluster: ' + where)
                    elif name.startswith('portwatch:threshold:'):
                        # Labelled by an external label, or not at all.
                        harness.check(clusters == {(label, '=~', '$cluster|')},
                                      '%s{...} not scoped by $cluster: %s'
                                      % (name, where))
                    else:
                        harness.check(clusters == {(label, '=', '$cluster')},
                                      '%s{...} not scoped by $cluster: %s'
                                      % (name, where))
        harness.check(seen >= 80, 'only %d selectors' % seen)
    harness.check('$cluster' not in json.dumps(load()),
                  'the committed dashboard (showMultiCluster off) names '
                  '$cluster')


def test_multi_cluster_variables():
    """With showMultiCluster: the cluster variable first (Grafana
    resolves variables in order), one cluster at a time, shown; job and
    instance list the selected cluster's. Without it (test_variables): no
    cluster variable."""
    for label in ('cluster', 'k8s_cluster'):
        dashboard = multi_cluster(label)
        variables = dashboard['templating']['list']
        names = [v['name'] for v in variables]
        harness.check(names == ['datasource', 'cluster', 'job', 'instance'],
                      'variables %r' % names)
        by_name = {v['name']: v for v in variables}
        cluster = by_name['cluster']
        harness.check(cluster['type'] == 'query' and
                      cluster['datasource'] == DATASOURCE and
                      cluster['query'] == 'label_values('
                      'portwatch_exporter_build_info, %s)' % label,
                      'cluster variable %r' % cluster)
        harness.check(not cluster['multi'] and not cluster['includeAll'],
                      'cluster is single-value without All')
        harness.check(cluster['hide'] == 0, 'the cluster variable is hidden')
        queries = {
            'job': 'label_values(portwatch_exporter_build_info{%s="$cluster"}, '
                   'job)' % label,
            'instance': 'label_values(portwatch_exporter_build_info{'
                        '%s="$cluster", job="$job"}, instance)' % label,
        }
        for name, query in queries.items():
            harness.check(by_name[name]['query'] == query,
                          '%s variable query %r' % (name, by_name[name]['query']))
    harness.check(strip_cluster(multi_cluster()) == load(),
                  'showMultiCluster changes more than the cluster variable '
                  'and matchers')


def test_multi_cluster_queries_on_synthetic_data():
    """Every query of the multi-cluster dashboard is valid PromQL, finds
    nothing in a cluster without data while another cluster, with the same
    job and instance, has every series the queries read (rising, so
    increases and trends are not zero), and finds something in that other
    cluster; the "Namespaces and processes" queries give exactly the
    selected cluster's series."""
    dashboard = multi_cluster()
    check_attribution_queries(dashboard, cluster='a')
    names = set()
    queries = []
    for panel in query_panels(dashboard):
        for expr in exprs(panel):
            queries.append(expr)
            names.update(name for name, _ in selectors(expr))
    series = []
    for name in sorted(names):
        if name.startswith('portwatch:threshold:'):
            # Recorded without a cluster label by a Prometheus of its own.
            series.append((name + '{}', '0.5x10'))
        else:
            series.append(('%s{job="portwatch",instance="h1:10058",'
                           'cluster="b",alertname="PortwatchX",'
                           'alertstate="firing",uid="u"}' % name, '1+1x10'))
    def substitute(expr, cluster):
        return (expr.replace('$cluster', cluster).replace('$job', 'portwatch')
                .replace('$instance', 'h1:10058')
                .replace('$__rate_interval', '4m')
                .replace('$__interval', '1m').replace('$__range', '10m'))
    # Nothing for cluster "a"; something for "b" (1 when the query finds
    # series, 0 when it finds none), so the data can be found.
    cases = [{'expr': substitute(expr, 'a'), 'eval_time': '10m',
              'exp_samples': []} for expr in queries]
    cases += [{'expr': '(count(%s) > bool 0) or vector(0)' % substitute(expr, 'b'),
               'eval_time': '10m', 'exp_samples': [{'labels': '{}', 'value': 1}]}
              for expr in queries]
    harness.check(len(queries) >= 40, 'only %d queries' % len(queries))
    promtool_test([], series, cases, 'multi-cluster queries found series of '
                  'another cluster (or are not valid PromQL)')


# promtool tests of alerts with and without a cluster label.
CLUSTER_ALERT_TESTS = ['other.test.yml', 'namespace.test.yml']


def test_multi_cluster_alerts_link_their_cluster():
    """showMultiCluster leaves the rules alone and adds the alert's cluster
    to its dashboard link: the cluster label, else the Prometheus' external
    label, else none. The shipped promtool tests of CLUSTER_ALERT_TESTS run
    against the multi-cluster render with the links they expect amended,
    and again with a cluster external label."""
    rules = "%s.prometheusRules"
    alerts = "%s.prometheusAlerts"
    multi = mixin_with('showMultiCluster: true')
    plain = "(import 'mixin/mixin.libsonnet')"
    harness.check(jsonnet(rules % multi) == jsonnet(rules % plain),
                  'showMultiCluster changes the recording rules')
    multi_alerts = jsonnet(alerts % multi)
    plain_alerts = jsonnet(alerts % plain)
    for group, plain_group in zip(multi_alerts['groups'], plain_alerts['groups']):
        for rule, plain_rule in zip(group['rules'], plain_group['rules']):
            link = rule['annotations'].pop('dashboard_url')
            plain_link = plain_rule['annotations'].pop('dashboard_url')
            harness.check(link.startswith(plain_link) and
                          '&var-cluster=' in link[len(plain_link):],
                          '%s: dashboard_url %r' % (rule['alert'], link))
    harness.check(multi_alerts == plain_alerts, 'showMultiCluster changes '
                  'the alerts beyond their dashboard_url')

    def amend(case, external):
        """`case` (an alert_rule_test) expecting the cluster in links."""
        for alert in case.get('exp_alerts', []):
            cluster = alert['exp_labels'].get('cluster', external)
            annotations = alert.get('exp_annotations', {})
            if cluster and 'dashboard_url' in annotations:
                annotations['dashboard_url'] += ('&var-cluster=' +
                                                 urllib.parse.quote_plus(cluster))
                amended[bool(alert['exp_labels'].get('cluster'))] += 1

    amended = {True: 0, False: 0}  # by the cluster label, by external label
    with tempfile.TemporaryDirectory() as out:
        rule_files = []
        for name, value in (('rules', rules), ('alerts', alerts)):
            rule_files.append(os.path.join(out, name + '.yml'))
            with open(rule_files[-1], 'w') as rule_file:
                json.dump(jsonnet(value % multi), rule_file)
        test_files = []
        for name in CLUSTER_ALERT_TESTS:
            with open(os.path.join(SOURCE_DIR, 'alerts', 'tests', name)) as source:
                test = yaml.safe_load(source)
            test['rule_files'] = rule_files
            groups = []
            for group in test['tests']:
                harness.check('external_labels' not in group, name)
                external = json.loads(json.dumps(group))
                external['name'] = group['name'] + ' (external label cluster=ext)'
                external['external_labels'] = {'cluster': 'ext'}
                for case in group.get('alert_rule_test', []):
                    amend(case, None)
                for case in external.get('alert_rule_test', []):
                    amend(case, 'ext')
                groups += [group, external]
            test['tests'] = groups
            test_files.append(os.path.join(out, name))
            with open(test_files[-1], 'w') as target:
                yaml.safe_dump(test, target, width=1000)
        harness.check(amended[True] >= 2 and amended[False] >= 5,
                      'links amended: %r' % amended)
        result = subprocess.run(['promtool', 'test', 'rules'] + test_files,
                                capture_output=True, text=True)
        harness.check(result.returncode == 0, 'alerts of the multi-cluster '
                      'mixin do not link their cluster:\n%s%s' % (
                          result.stdout, result.stderr))


if __name__ == '__main__':
    harness.run_tests([test_committed_json_is_a_fresh_render,
                       test_dashboard_settings_come_from_config,
                       test_panel_ids_and_grid_positions,
                       test_every_panel_uses_the_datasource_variable_and_explains_itself,
                       test_thresholds_are_the_config_values,
                       test_topk_panels_keep_the_same_k_series,
                       test_windows_events_are_counts,
                       test_alerts_link_their_runbooks,
                       test_variables,
                       test_attribution_queries_on_synthetic_data,
                       test_every_selector_is_scoped,
                       test_multi_cluster_variables,
                       test_multi_cluster_queries_on_synthetic_data,
                       test_multi_cluster_alerts_link_their_cluster])
