using System.Globalization;
using System.Net;

namespace Infra.Blueprint.Settings;

// Hosts are written one string each, because Pulumi's project config schema declares arrays of
// scalars but not of objects: "node-1 203.0.113.10 roles=manager,edge memoryMb=4096 cpus=2 [user=…] [port=…]".
public sealed partial class SettingsReader
{
    private static readonly string[] HostFields = ["roles", "memoryMb", "cpus", "user", "port"];

    private IReadOnlyList<HostSettings> ReadHosts(SshSettings ssh)
    {
        var key = ConfigKeys.Hosts;
        var entries = List(key);
        if (entries.Count == 0)
        {
            Error(key.FullName, "no hosts; list at least one, e.g. \"node-1 203.0.113.10 roles=manager,edge,db,monitoring memoryMb=4096 cpus=2\"");
        }

        var hosts = new List<HostSettings>();
        for (var i = 0; i < entries.Count; i++)
        {
            var host = ReadHost($"{key.FullName}[{i}]", entries[i], ssh);
            if (host is null)
            {
                continue;
            }

            if (hosts.Any(h => h.Name == host.Name))
            {
                Error($"{key.FullName}[{i}].name", $"'{host.Name}' is used by another host; host names must be unique");
            }

            if (hosts.Any(h => h.Address == host.Address))
            {
                Error($"{key.FullName}[{i}].address", $"'{host.Address}' is used by another host; each host needs its own address");
            }

            hosts.Add(host);
        }

        return PinHostKeys(hosts, ssh);
    }

    private HostSettings? ReadHost(string path, string entry, SshSettings ssh)
    {
        var words = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || words[0].Contains('=') || words[1].Contains('='))
        {
            Error(path, $"'{entry}' does not start with a name and an address; write \"<name> <address> roles=… memoryMb=… cpus=…\"");
            return null;
        }

        var (name, address) = (words[0], words[1]);
        var valid = true;
        if (!LabelPattern().IsMatch(name))
        {
            Error($"{path}.name", $"'{name}' is not a DNS label; use lower-case letters, digits and '-'");
            valid = false;
        }

        var looksNumeric = address.All(ch => char.IsAsciiDigit(ch) || ch == '.');
        if (!IPAddress.TryParse(address, out _) && (looksNumeric || !IsHostName(address)))
        {
            Error($"{path}.address", $"'{address}' is neither an IP address nor a DNS name");
            valid = false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words.Skip(2))
        {
            var separator = word.IndexOf('=');
            var field = separator > 0 ? word[..separator] : word;
            if (separator <= 0 || !HostFields.Contains(field))
            {
                Error($"{path}.{field}", $"unknown host field '{word}'; a host takes {string.Join(", ", HostFields.Select(f => f + "=…"))}");
                valid = false;
            }
            else if (!fields.TryAdd(field, word[(separator + 1)..]))
            {
                Error($"{path}.{field}", $"{field} is given twice");
                valid = false;
            }
        }

        var roles = new SortedSet<HostRole>();
        if (!fields.TryGetValue("roles", out var rolesText) || rolesText.Length == 0)
        {
            Error($"{path}.roles", "missing; give the host's roles, e.g. roles=manager,edge,db,monitoring");
            valid = false;
        }
        else
        {
            foreach (var role in rolesText.Split(','))
            {
                if (Enum.TryParse<HostRole>(role, ignoreCase: true, out var parsed) && role.All(char.IsAsciiLetterLower))
                {
                    roles.Add(parsed);
                }
                else
                {
                    Error($"{path}.roles", $"unknown role '{role}'; use {string.Join(", ", Enum.GetNames<HostRole>().Select(n => n.ToLowerInvariant()))}");
                    valid = false;
                }
            }
        }

        var memoryMb = HostInt(path, fields, "memoryMb", 512, 4_194_304, ref valid);
        var cpus = HostInt(path, fields, "cpus", 1, 1024, ref valid);
        var user = ssh.User;
        if (fields.TryGetValue("user", out var userText))
        {
            if (UserPattern().IsMatch(userText))
            {
                user = userText;
            }
            else
            {
                Error($"{path}.user", $"'{userText}' is not a Unix user name");
                valid = false;
            }
        }

        var port = fields.ContainsKey("port") ? HostInt(path, fields, "port", 1, 65535, ref valid) : ssh.Port;
        return valid ? new HostSettings(name, address, roles, user, port, memoryMb, cpus) : null;
    }

    private int HostInt(string path, Dictionary<string, string> fields, string field, int min, int max, ref bool valid)
    {
        if (!fields.TryGetValue(field, out var text))
        {
            Error($"{path}.{field}", $"missing; add {field}=<number> to the host entry");
            valid = false;
            return min;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error($"{path}.{field}", $"expected a whole number between {min} and {max} (got '{text}')");
            valid = false;
        }

        return value;
    }
}
