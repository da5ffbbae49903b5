namespace Infra.Blueprint.Settings;

/// <summary>Where the bootstrap gets Docker Engine from (<c>infra:hosts.dockerSource</c>).</summary>
public enum DockerSource
{
    /// <summary><c>docker-repo</c>: Docker's signed apt repository (<c>docker-ce</c>), its key checked by fingerprint. The default.</summary>
    DockerRepo,

    /// <summary><c>distribution</c>: the distribution's own <c>docker.io</c> package (Debian 12: Docker 20.10), from the mirror the host already uses.</summary>
    Distribution,

    /// <summary><c>preinstalled</c>: the image already has Docker; the bootstrap only checks that <c>docker</c> and its service are there.</summary>
    Preinstalled,
}
