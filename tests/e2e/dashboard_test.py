"""Structural checks of dashboards/portwatch.json: it is what the generator
produces, panel ids are unique, every gridPos is valid and panels do not
overlap, the datasource variable is used everywhere, every panel has a
description and every query is scoped by the job and instance variables.
(The queries themselves are evaluated against a real Prometheus in
alerting_stack_test.py.)"""

import json
import os
import subprocess
import sys

import harness

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
DASHBOARD = os.path.join(SOURCE_DIR, 'dashboards', 'portwatch.json')
GENERATOR = os.path.join(SOURCE_DIR, 'dashboards', 'generate_dashboard.py')
DATASOURCE = {'type': 'prometheus', 'uid': '${datasource}'}
PANEL_TYPES = {'row', 'timeseries', 'stat', 'gauge', 'table'}


def load():
    with open(DASHBOARD) as source:
        return json.load(source)


def test_committed_json_matches_the_generator():
    generated = subprocess.run([sys.executable, GENERATOR], check=True,
                               capture_output=True, text=True).stdout
    harness.check(json.loads(generated) == load(),
                  'dashboards/portwatch.json is stale: run '
                  'python3 dashboards/generate_dashboard.py > '
                  'dashboards/portwatch.json')


def test_panel_ids_and_grid_positions():
    panels = load()['panels']
    ids = [p['id'] for p in panels]
    harness.check(len(ids) == len(set(ids)), 'duplicate panel ids %r' % ids)
    cells = {}
    for panel in panels:
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


def test_every_panel_uses_the_datasource_variable_and_explains_itself():
    for panel in load()['panels']:
        harness.check(panel['type'] in PANEL_TYPES, 'type %r' % panel['type'])
        if panel['type'] == 'row':
            continue
        title = panel['title']
        harness.check(panel['datasource'] == DATASOURCE, title + ' datasource')
        harness.check(len(panel.get('description', '')) > 60,
                      title + ': description must say what to do')
        harness.check(panel['targets'], title + ': no targets')
        for target in panel['targets']:
            harness.check(target['datasource'] == DATASOURCE,
                          title + ': target datasource')
            harness.check('job="$job"' in target['expr'] and
                          'instance=~"$instance"' in target['expr'],
                          '%s: query not scoped by $job/$instance: %s' %
                          (title, target['expr']))


def test_variables():
    dashboard = load()
    harness.check(dashboard['schemaVersion'] >= 36, 'schemaVersion')
    variables = {v['name']: v for v in dashboard['templating']['list']}
    harness.check(set(variables) == {'datasource', 'job', 'instance'},
                  'variables %r' % sorted(variables))
    harness.check(variables['datasource']['type'] == 'datasource' and
                  variables['datasource']['query'] == 'prometheus',
                  'datasource variable')
    for name in ('job', 'instance'):
        harness.check(variables[name]['datasource'] == DATASOURCE,
                      name + ' variable datasource')
    harness.check(variables['instance']['multi'], 'instance is multi-value')


if __name__ == '__main__':
    harness.run_tests([test_committed_json_matches_the_generator,
                       test_panel_ids_and_grid_positions,
                       test_every_panel_uses_the_datasource_variable_and_explains_itself,
                       test_variables])
