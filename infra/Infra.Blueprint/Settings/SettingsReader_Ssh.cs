using System.Buffers.Binary;
using System.Globalization;

namespace Infra.Blueprint.Settings;

// SSH access (first-contact user, deploy user, pinned host keys) and where Docker comes from.
public sealed partial class SettingsReader
{
    private static readonly string[] HostKeyTypes =
        ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"];

    private static readonly Dictionary<string, DockerSource> DockerSources = new(StringComparer.Ordinal)
    {
        ["docker-repo"] = DockerSource.DockerRepo,
        ["distribution"] = DockerSource.Distribution,
        ["preinstalled"] = DockerSource.Preinstalled,
    };

    private SshSettings ReadSsh()
    {
        var user = Matching(ConfigKeys.SshUser, UserPattern(), "use a Unix user name such as 'root' or 'debian'");
        var deployUser = Matching(ConfigKeys.SshDeployUser, UserPattern(), "use a Unix user name such as 'deploy'");
        if (deployUser == "root")
        {
            Error(ConfigKeys.SshDeployUser.FullName, "must not be root: the bootstrap turns root login off; use an unprivileged name such as 'deploy'");
        }

        var knownHosts = Text(ConfigKeys.SshKnownHostsFile);
        if (knownHosts.Any(char.IsWhiteSpace))
        {
            Error(ConfigKeys.SshKnownHostsFile.FullName, $"'{knownHosts}' contains white space; use a path without spaces, e.g. ~/.ssh/known_hosts");
        }

        return new SshSettings(user, Int(ConfigKeys.SshPort, 1, 65535), Cidrs(ConfigKeys.SshAllowFrom), deployUser, List(ConfigKeys.SshHostKeys), knownHosts);
    }

    private DockerSource ReadDockerSource()
    {
        var text = Text(ConfigKeys.HostsDockerSource);
        if (DockerSources.TryGetValue(text, out var source))
        {
            return source;
        }

        if (text.Length > 0)
        {
            Error(ConfigKeys.HostsDockerSource.FullName, $"'{text}' is not a Docker source; use {string.Join(", ", DockerSources.Keys)}");
        }

        return DockerSource.DockerRepo;
    }

    // Pins each line of infra:ssh.hostKeys on the host whose address (and SSH port) it names; ssh-keyscan prints
    // "<address> <type> <key>" for port 22 and "[<address>]:<port> <type> <key>" otherwise.
    private IReadOnlyList<HostSettings> PinHostKeys(IReadOnlyList<HostSettings> hosts, SshSettings ssh)
    {
        var key = ConfigKeys.SshHostKeys.FullName;
        var pinned = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < ssh.HostKeys.Count; i++)
        {
            var path = $"{key}[{i}]";
            var words = ssh.HostKeys[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 3)
            {
                Error(path, $"'{ssh.HostKeys[i]}' is not a host key line; paste what `ssh-keyscan -t ed25519 <address>` prints: \"<address> ssh-ed25519 AAAA…\"");
                continue;
            }

            var host = hosts.FirstOrDefault(h => KnownHostsName(h) == words[0]);
            if (host is null)
            {
                var byAddress = hosts.FirstOrDefault(h => h.Address == words[0].TrimStart('[').Split(']')[0]);
                Error(path, byAddress is null
                    ? $"'{words[0]}' is not the address of any host in {ConfigKeys.Hosts.FullName}"
                    : $"'{words[0]}' does not match host {byAddress.Name}'s SSH port {byAddress.SshPort}; write it as '{KnownHostsName(byAddress)}'");
                continue;
            }

            if (!IsHostKey(words[1], words[2]))
            {
                Error(path, $"'{words[1]} {Abbreviate(words[2])}' is not an SSH public key; use a type of {string.Join(", ", HostKeyTypes)} followed by its base64 blob, as ssh-keyscan prints it");
                continue;
            }

            if (!pinned.TryAdd(host.Name, $"{words[1]} {words[2]}"))
            {
                Error(path, $"host {host.Name} already has a pinned key; pin one key per host (the provisioner offers only that type)");
            }
        }

        return hosts.Select(h => pinned.TryGetValue(h.Name, out var hostKey) ? h with { HostKey = hostKey } : h).ToList();
    }

    /// <summary>How known_hosts files and ssh-keyscan name a host: the address, bracketed with the port when it is not 22.</summary>
    internal static string KnownHostsName(HostSettings host) =>
        host.SshPort == 22 ? host.Address : string.Create(CultureInfo.InvariantCulture, $"[{host.Address}]:{host.SshPort}");

    private static bool IsHostKey(string type, string base64)
    {
        if (!HostKeyTypes.Contains(type))
        {
            return false;
        }

        var blob = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, blob, out var length) || length < 4)
        {
            return false;
        }

        // The blob starts with its own type name, length-prefixed: a key pasted under the wrong type is refused.
        var nameLength = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return nameLength == type.Length && length >= 4 + type.Length
            && System.Text.Encoding.ASCII.GetString(blob, 4, type.Length) == type;
    }

    private static string Abbreviate(string text) => text.Length > 16 ? text[..16] + "…" : text;
}
