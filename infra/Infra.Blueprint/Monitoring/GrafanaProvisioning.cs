using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// Renders Grafana's provisioning files: the datasources (Prometheus, Loki, Alertmanager; read-only, fixed uids the
/// dashboards reference) and the dashboard provider reading <see cref="Dashboards"/> from disk.
/// </summary>
public static class GrafanaProvisioning
{
    /// <summary>Uid of the Prometheus datasource.</summary>
    public const string PrometheusUid = "prometheus";

    /// <summary>Uid of the Loki datasource.</summary>
    public const string LokiUid = "loki";

    /// <summary>Uid of the Alertmanager datasource.</summary>
    public const string AlertmanagerUid = "alertmanager";

    /// <summary>Every datasource uid provisioned; dashboards may reference only these.</summary>
    public static IReadOnlyList<string> DatasourceUids { get; } = [PrometheusUid, LokiUid, AlertmanagerUid];

    /// <summary>Directory in the Grafana container the dashboards are mounted in.</summary>
    public const string DashboardsDirectory = "/etc/grafana/dashboards";

    /// <summary>Renders <c>datasources.yaml</c>.</summary>
    public static string Datasources(MonitoringRuntime runtime)
    {
        var y = new Yaml.Writer();
        y.Line(0, "# Rendered by Infra. Grafana provisions these read-only; edits in the UI are refused.");
        y.Line(0, "apiVersion: 1");
        y.Line(0, "datasources:");
        y.Line(1, "- name: 'Prometheus'");
        y.Line(2, $"uid: '{PrometheusUid}'");
        y.Line(2, "type: 'prometheus'");
        y.Line(2, "access: 'proxy'");
        y.Line(2, $"url: {Yaml.Quote("http://" + (runtime.Map($"{Layout.PrometheusService}:{Layout.PrometheusPort}") ?? ""))}");
        y.Line(2, "isDefault: true");
        y.Line(2, "editable: false");
        y.Line(2, "jsonData:");
        y.Line(3, $"timeInterval: '{Yaml.Seconds(runtime.ScrapeInterval)}'");
        y.Line(1, "- name: 'Loki'");
        y.Line(2, $"uid: '{LokiUid}'");
        y.Line(2, "type: 'loki'");
        y.Line(2, "access: 'proxy'");
        y.Line(2, $"url: {Yaml.Quote("http://" + (runtime.Map($"{Layout.LokiService}:{Layout.LokiPort}") ?? ""))}");
        y.Line(2, "editable: false");
        y.Line(1, "- name: 'Alertmanager'");
        y.Line(2, $"uid: '{AlertmanagerUid}'");
        y.Line(2, "type: 'alertmanager'");
        y.Line(2, "access: 'proxy'");
        y.Line(2, $"url: {Yaml.Quote("http://" + (runtime.Map($"{Layout.AlertmanagerService}:{Layout.AlertmanagerPort}") ?? ""))}");
        y.Line(2, "editable: false");
        y.Line(2, "jsonData:");
        y.Line(3, "implementation: 'prometheus'");
        return y.ToString();
    }

    /// <summary>Renders <c>dashboards.yaml</c>, the provider that loads every dashboard file.</summary>
    public static string DashboardProvider()
    {
        var y = new Yaml.Writer();
        y.Line(0, "# Rendered by Infra. Dashboards live in the repository; changes made in the UI are not kept.");
        y.Line(0, "apiVersion: 1");
        y.Line(0, "providers:");
        y.Line(1, "- name: 'infra'");
        y.Line(2, "folder: 'Infra'");
        y.Line(2, "type: 'file'");
        y.Line(2, "disableDeletion: true");
        y.Line(2, "allowUiUpdates: false");
        y.Line(2, "updateIntervalSeconds: 60");
        y.Line(2, "options:");
        y.Line(3, $"path: '{DashboardsDirectory}'");
        return y.ToString();
    }
}
