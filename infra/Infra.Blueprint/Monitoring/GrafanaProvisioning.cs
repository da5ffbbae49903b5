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
        string Url(string service, int port) => "http://" + (runtime.Map($"{service}:{port}") ?? "");
        Datasource[] datasources =
        [
            new("Prometheus", PrometheusUid, "prometheus", Url(Layout.PrometheusService, Layout.PrometheusPort), IsDefault: true,
                JsonData: new SortedDictionary<string, string>(StringComparer.Ordinal) { ["timeInterval"] = Yaml.Duration(runtime.ScrapeInterval) }),
            new("Loki", LokiUid, "loki", Url(Layout.LokiService, Layout.LokiPort)),
            new("Alertmanager", AlertmanagerUid, "alertmanager", Url(Layout.AlertmanagerService, Layout.AlertmanagerPort),
                JsonData: new SortedDictionary<string, string>(StringComparer.Ordinal) { ["implementation"] = "prometheus" }),
        ];
        return Yaml.CamelCaseDocument("Rendered by Infra. Grafana provisions these read-only; edits in the UI are refused.", new DatasourcesFile(1, datasources));
    }

    /// <summary>Renders <c>dashboards.yaml</c>, the provider that loads every dashboard file.</summary>
    public static string DashboardProvider() => Yaml.CamelCaseDocument(
        "Rendered by Infra. Dashboards live in the repository; changes made in the UI are not kept.",
        new ProvidersFile(1, [new Provider("infra", "Infra", "file", DisableDeletion: true, AllowUiUpdates: false, UpdateIntervalSeconds: 60, new ProviderOptions(DashboardsDirectory))]));

    private sealed record DatasourcesFile(int ApiVersion, IReadOnlyList<Datasource> Datasources);

    // Provisioned read-only: Grafana refuses edits in the UI.
    private sealed record Datasource(string Name, string Uid, string Type, string Url, bool? IsDefault = null, IReadOnlyDictionary<string, string>? JsonData = null)
    {
        public string Access => "proxy";

        public bool Editable => false;
    }

    private sealed record ProvidersFile(int ApiVersion, IReadOnlyList<Provider> Providers);

    private sealed record Provider(string Name, string Folder, string Type, bool DisableDeletion, bool AllowUiUpdates, int UpdateIntervalSeconds, ProviderOptions Options);

    private sealed record ProviderOptions(string Path);
}
