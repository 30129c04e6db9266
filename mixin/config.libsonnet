// Everything a user may want to change, in one place. Override fields from
// your own jsonnet:
//   (import 'portwatch-mixin/mixin.libsonnet') + {
//     _config+:: { selector: 'job="ports"', clusterLabel: 'k8s_cluster' },
//   }
{
  _config+:: {
    // Selects portwatch's series (the scrape job).
    selector: 'job="portwatch"',
    // The label that tells clusters apart when one Prometheus (or Thanos,
    // Mimir) sees several; joins match on it, so two clusters may reuse
    // instance names. Series without it work too.
    clusterLabel: 'cluster',
    // The dashboard gets a cluster variable (values of clusterLabel; the
    // job and instance variables list that cluster's only) and every
    // panel's query selects that one cluster. Turn it on when one Grafana
    // data source sees several clusters: one Prometheus scraping them all
    // with a cluster target label, or Thanos, Mimir or Cortex in front of a
    // Prometheus per cluster with a cluster external label. Off, there is
    // no cluster variable and panels show every cluster's series. On,
    // alerts also link to the dashboard with their cluster selected.
    showMultiCluster: false,

    // Utilization alerts read the highest utilization seen over this
    // window, not the latest sample: TIME_WAIT makes port use a sawtooth,
    // and a rule that reads only the latest sample misses the peaks. It is
    // longer than one sawtooth period (Linux TIME_WAIT lasts 60 s; Windows'
    // TcpTimedWaitDelay defaults to 120 s) and spans several scrapes, so
    // `for:` measures how long the peaks keep coming back.
    peakWindow: '5m',

    // Shares of the usable ephemeral range (0..1).
    thresholds: {
      runningLowWarning: 0.70,
      runningLowCritical: 0.90,
      // New connections are failing or about to.
      exhausted: 0.99,
      // The fast forecast only applies above this utilization, so a steep
      // start from an almost empty range does not page.
      forecastMinimum: 0.50,
      // The slow-leak forecast applies above this utilization.
      slowLeakMinimum: 0.30,
      // One remote endpoint's TIME_WAIT sockets over the usable range.
      timeWaitConcentration: 0.50,
      // CLOSE_WAIT sockets on ephemeral ports over the usable range.
      closeWaitLeak: 0.05,
      // Windows events (or Linux port allocation failures, collector
      // connect_failures) in `events.window` that make an event alert
      // critical: connections keep failing, not an isolated failure.
      sustainedEvents: 2,
    },

    // How long each condition must hold before the alert fires.
    forDurations: {
      runningLowWarning: '10m',
      runningLowCritical: '5m',
      exhausted: '2m',
      forecastFast: '5m',
      forecastSlow: '1h',
      timeWaitConcentration: '10m',
      closeWaitLeak: '1h',
      utilizationMissing: '15m',
      collectorFailing: '15m',
      webConfigReloadFailing: '15m',
      exporterDown: '5m',
    },

    // Forecasts: a linear trend of the peak utilization over `window`,
    // alerting when it reaches 100% within `horizon`, while the peak still
    // rose over `rising` (a climb that stopped is not a trend).
    forecast: {
      // Pages early enough to act: a climb seen over 15 minutes that
      // exhausts the range within 30 minutes. `rising` spans one peak
      // window, so a sawtooth's stepwise peaks count as rising.
      fast: { window: '15m', horizon: '30m', rising: '5m' },
      // A slow leak (e.g. connections never closed) seen over 6 hours that
      // exhausts the range within 2 days: a ticket, not a page.
      slow: { window: '6h', horizon: '2d', rising: '1h' },
    },

    // Windows Tcpip events (4227, 4231, 4266), and Linux port allocation
    // failures (collector connect_failures), counted the same way.
    events: {
      // Counted over this window.
      window: '15m',
      // An event alert keeps firing this long after the last event (or
      // failure), so events a few minutes apart are one alert, not one
      // per event.
      keepFiringFor: '15m',
    },

    // CLOSE_WAIT leak: the lowest count in the last `recent` is above the
    // highest count `ago` earlier (it only grows).
    closeWaitLeak: { recent: '1h', ago: '6h' },

    // The usable range counts as shrunk while it is below its highest
    // value in this window.
    rangeShrinkWindow: '6h',

    // Where the runbooks are served; %s is the alert name.
    runbookURLPattern: 'https://github.com/portwatch/portwatch/blob/main/docs/runbooks/%s.md',

    // The dashboard, and where alerts link to it.
    dashboard: {
      uid: 'portwatch',
      title: 'portwatch: ephemeral ports',
      // Grafana's external URL; alerts link to
      // <url>/d/<uid>?var-job=...&var-instance=...
      grafanaURL: 'https://grafana.example.com',
      refresh: '30s',
      timeFrom: 'now-6h',
      // topk panels show this many series over the whole time range.
      topK: 10,
    },

    // The PrometheusRule object (prometheus-operator). kube-prometheus-stack
    // only loads rules whose labels match its ruleSelector, by default
    // `release: <helm release name>`.
    prometheusRule: {
      name: 'portwatch',
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': 'portwatch' },
    },
  },
}
