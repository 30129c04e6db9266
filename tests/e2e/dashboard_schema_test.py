"""Type-checks dashboards/portwatch.json against the dashboard types Grafana
publishes (npm @grafana/schema, checked by tsc through
dashboards/schema-check/check.sh), and proves that the check can fail:
broken copies of the dashboard are each rejected with tsc's message about
what was broken. check.sh installs its pinned npm packages on first use;
without node, npm or the npm registry this test fails, it does not skip."""

import copy
import json
import os
import re
import subprocess
import tempfile

import harness

SOURCE_DIR = harness.env_path('PORTWATCH_SOURCE_DIR')
DASHBOARD = os.path.join(SOURCE_DIR, 'dashboards', 'portwatch.json')
CHECK = os.path.join(SOURCE_DIR, 'dashboards', 'schema-check', 'check.sh')
ERROR = re.compile(r'^(.+)\(\d+,\d+\): error TS\d+: ')


def check_sh(paths, env=None):
    """Runs check.sh on `paths`; returns (exit status, {path: [messages]})
    for exit status 0 or 1 and fails the test on any other."""
    result = subprocess.run(['bash', CHECK] + list(paths), capture_output=True,
                            text=True, env=env, timeout=500)
    if result.returncode == 3:
        raise AssertionError('check.sh could not install typescript and '
                             '@grafana/schema (needs node, npm and the npm '
                             'registry on first use):\n' + result.stderr)
    harness.check(result.returncode in (0, 1), 'check.sh exited %d:\n%s%s' % (
        result.returncode, result.stdout, result.stderr))
    errors = {}
    current = None
    for line in result.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            current = errors.setdefault(match.group(1), [])
            current.append(line)
        elif current and line.startswith(' '):  # a message's next lines
            current[-1] += '\n' + line
    harness.check((result.returncode == 1) == bool(errors),
                  'check.sh exited %d with these tsc errors: %r\n%s' % (
                      result.returncode, errors, result.stderr))
    return result.returncode, errors


def variables(dashboard):
    return dashboard.get('templating', {}).get('list', [])


def load():
    with open(DASHBOARD) as source:
        return json.load(source)


def write(directory, name, dashboard):
    path = os.path.join(directory, name + '.json')
    with open(path, 'w') as out:
        json.dump(dashboard, out, indent=2)
    return path


def test_committed_dashboard_conforms():
    # No known deviations: the rendered dashboard (mixin/dashboards/) must
    # conform as it is, with every field Grafana would fill in spelled out.
    status, errors = check_sh([DASHBOARD])
    messages = [m for found in errors.values() for m in found]
    harness.check(status == 0 and not messages, 'dashboards/portwatch.json '
                  'breaks the @grafana/schema types (fix mixin/dashboards/ and '
                  'render again):\n' + '\n'.join(messages))


def panel(dashboard, kind):
    return next(p for p in dashboard['panels'] if p['type'] == kind)


def stat(dashboard):
    return panel(dashboard, 'stat')


def defaults(dashboard):
    return stat(dashboard)['fieldConfig']['defaults']


def steps(dashboard):
    return defaults(dashboard)['thresholds']['steps']


def set_in(getter, key, value):
    return lambda dashboard: getter(dashboard).__setitem__(key, value)


def rename_grid_pos(dashboard):
    stat(dashboard)['gridpos'] = stat(dashboard).pop('gridPos')


def targets_by_ref_id(dashboard):
    stat(dashboard)['targets'] = {'A': stat(dashboard)['targets'][0]}


def nest_broken_panel_in_row(dashboard):
    inner = copy.deepcopy(stat(dashboard))
    inner['gridPos']['h'] = '9'
    panel(dashboard, 'row')['panels'] = [inner]


# Name, how to break a conforming copy, what tsc must say (every error it
# reports for that copy). Each is one the types really reject.
MUTATIONS = [
    ('gridpos_w_string', set_in(lambda d: stat(d)['gridPos'], 'w', '12'),
     r"Type 'string' is not assignable to type 'number'"),
    ('threshold_step_without_color', lambda d: steps(d)[0].pop('color'),
     r"Property 'color' is missing in type '\{ value: null; \}'"),
    ('threshold_value_string', set_in(lambda d: steps(d)[1], 'value', '0.7'),
     r"Type 'string' is not assignable to type 'number'"),
    ('thresholds_mode_unknown',
     set_in(lambda d: defaults(d)['thresholds'], 'mode', 'relative'),
     r"""Type '"relative"' is not assignable to """
     r"""type '"absolute" \| "percentage"'"""),
    ('panels_not_an_array', set_in(lambda d: d, 'panels', {}),
     r"Type '\{\}' is missing the following properties from type '.*': "
     r"length, pop, push"),
    ('panel_in_row_with_bad_gridpos', nest_broken_panel_in_row,
     r"Type 'string' is not assignable to type 'number'"),
    ('panel_without_type', lambda d: stat(d).pop('type'),
     r"Property 'type' is missing in type"),
    ('panel_property_typo', rename_grid_pos,
     r"""'"gridpos"' does not exist in type"""),
    ('field_config_without_overrides',
     lambda d: stat(d)['fieldConfig'].pop('overrides'),
     r"Property 'overrides' is missing in type"),
    ('unit_not_a_string', set_in(defaults, 'unit', 1),
     r"Type 'number' is not assignable to type 'string'"),
    ('targets_not_an_array', targets_by_ref_id,
     r"""'"A"' does not exist in type '\{ \[x: string\]: unknown; \}\[\]'"""),
    ('variable_type_typo', set_in(lambda d: variables(d)[1], 'type', 'querry'),
     r"""Type '"querry"' is not assignable to type 'VariableType'"""),
    ('graph_tooltip_out_of_range', set_in(lambda d: d, 'graphTooltip', 5),
     r"Type '5' is not assignable to type '(\d \| ){3}undefined'"),
    ('panel_link_without_tooltip',
     lambda d: next(p for p in d['panels'] if p.get('links'))['links'][0]
     .pop('tooltip'),
     r"Property 'tooltip' is missing in type"),
    ('variable_with_definition',
     set_in(lambda d: variables(d)[1], 'definition', 'label_values(up, job)'),
     r"""'"definition"' does not exist in type"""),
    ('unknown_top_level_property',
     set_in(lambda d: d, 'refreshInterval', '30s'),
     r"""'"refreshInterval"' does not exist in type"""),
]


def test_broken_copies_are_rejected():
    conforming = load()
    with tempfile.TemporaryDirectory() as directory:
        paths = {'conforming': write(directory, 'conforming', conforming)}
        for name, mutate, _ in MUTATIONS:
            dashboard = copy.deepcopy(conforming)
            mutate(dashboard)
            paths[name] = write(directory, name, dashboard)
        status, errors = check_sh(paths.values())  # one tsc run for all
        harness.check(status == 1, 'check.sh passed every broken copy')
        harness.check(paths['conforming'] not in errors, 'the copies to break '
                      'do not conform to start with: %r' % errors)
        for name, _, expected in MUTATIONS:
            found = errors.get(paths[name], [])
            harness.check(found, '%s: check.sh found no error' % name)
            for message in found:
                harness.check(re.search(expected, message),
                              '%s: expected /%s/, tsc said: %s' %
                              (name, expected, message))


def test_non_json_is_rejected():
    # tsc alone would take this JavaScript object literal.
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, 'trailing_comma.json')
        with open(path, 'w') as out:
            out.write('{"schemaVersion": 39, "title": "x",}\n')
        result = subprocess.run(['bash', CHECK, path], capture_output=True,
                                text=True, timeout=60)
        harness.check(result.returncode == 2 and 'not JSON' in result.stderr,
                      'exit %d: %s' % (result.returncode, result.stderr))


def test_unreachable_registry_is_an_error():
    with tempfile.TemporaryDirectory() as directory:
        env = dict(os.environ, PORTWATCH_NPM_CACHE=directory,
                   npm_config_cache=os.path.join(directory, 'npm'),
                   npm_config_registry='http://127.0.0.1:9/',
                   npm_config_fetch_retries='0')
        result = subprocess.run(['bash', CHECK, DASHBOARD], env=env,
                                capture_output=True, text=True, timeout=300)
        harness.check(result.returncode == 3
                      and 'npm ci failed' in result.stderr,
                      'exit %d: %s' % (result.returncode, result.stderr))


if __name__ == '__main__':
    harness.run_tests([
        test_committed_dashboard_conforms,
        test_broken_copies_are_rejected,
        test_non_json_is_rejected,
        test_unreachable_registry_is_an_error])
