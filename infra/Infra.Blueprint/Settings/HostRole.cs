namespace Infra.Blueprint.Settings;

/// <summary>What a host is for. A host may carry several roles.</summary>
public enum HostRole
{
    /// <summary>A Swarm manager: runs the control plane; the Docker provider connects to the first one.</summary>
    Manager,

    /// <summary>A Swarm worker: runs app replicas.</summary>
    Worker,

    /// <summary>Runs nginx and publishes ports 80 and 443; public DNS points at these hosts.</summary>
    Edge,

    /// <summary>Holds the Postgres and Redis volumes; stateful services are pinned here.</summary>
    Db,

    /// <summary>Runs Prometheus, Alertmanager and Grafana.</summary>
    Monitoring,
}
